import { describe, expect, it } from 'vitest';
import { BOS_ID, EOS_ID, PAD_ID, UNK_ID, Vocabulary } from './vocabulary.js';

const captions = ['A dog runs.', 'The dog jumps!', 'a cat runs', 'A Dog, running.'];

describe('Vocabulary', () => {
  it('orders words by count then alphabetically after the special tokens', () => {
    const v = Vocabulary.fromCaptions(captions);
    // a:3 dog:3 runs:2 cat:1 jumps:1 running:1 the:1
    expect(v.words).toEqual(['<pad>', '<bos>', '<eos>', '<unk>', 'a', 'dog', 'runs', 'cat', 'jumps', 'running', 'the']);
    expect(v.counts.slice(4)).toEqual([3, 3, 2, 1, 1, 1, 1]);
    expect([PAD_ID, BOS_ID, EOS_ID, UNK_ID]).toEqual([0, 1, 2, 3]);
  });

  it('maps rare words to <unk> under minCount', () => {
    const v = Vocabulary.fromCaptions(captions, { minCount: 2 });
    expect(v.words.slice(4)).toEqual(['a', 'dog', 'runs']);
    expect(v.encode('a cat runs')).toEqual([BOS_ID, 4, UNK_ID, 6, EOS_ID]);
    expect(v.decode(v.encode('a cat runs'))).toBe('a <unk> runs');
  });

  it('cuts captions at maxLength and pads', () => {
    const v = Vocabulary.fromCaptions(captions, { maxLength: 2 });
    expect(v.encode('A dog runs')).toEqual([1, 4, 5, 2]);
    const { ids, length } = v.encodePadded('a');
    expect([...ids]).toEqual([1, 4, 2, 0]);
    expect(length).toBe(3);
  });

  it('decodes up to <eos>, skipping <bos> and <pad>', () => {
    const v = Vocabulary.fromCaptions(captions);
    expect(v.decode([1, 5, 6, 2, 8, 8])).toBe('dog runs');
    expect(v.decode([0, 1, 4, 5, 0])).toBe('a dog');
    expect(() => v.decode([99])).toThrow(/token id 99 is outside the vocabulary \(size 11\)/);
  });

  it('round-trips through JSON', () => {
    const v = Vocabulary.fromCaptions(captions, { minCount: 1, maxLength: 12, maxSize: 5 });
    const w = Vocabulary.fromJSON(JSON.parse(JSON.stringify(v.toJSON())));
    expect(w.words).toEqual(v.words);
    expect(w.size).toBe(9);
    expect(w.maxLength).toBe(12);
    expect(w.encode('the dog jumps')).toEqual(v.encode('the dog jumps'));
  });

  it('rejects bad input clearly', () => {
    expect(() => Vocabulary.fromCaptions(['...', '!'])).toThrow(/hold no words/);
    expect(() => Vocabulary.fromCaptions(['a b'], { minCount: 3 })).toThrow(
      /no word occurs at least minCount=3 times \(the most frequent occurs 1 times\)/,
    );
    expect(() => Vocabulary.fromJSON({ format: 'x' }, 'runs/a/vocabulary.json')).toThrow(
      /runs\/a\/vocabulary\.json: not a topiclens vocabulary/,
    );
    expect(() => Vocabulary.fromJSON({ format: 'topiclens-vocabulary', version: 1, words: ['<bos>'], counts: [0] })).toThrow(
      /token 0 must be <pad>/,
    );
  });
});
