import { describe, expect, it } from 'vitest';
import { ptbTokenize } from './ptb-tokenize.js';

describe('ptbTokenize (coco-caption PTBTokenizer step)', () => {
  it('lowercases and drops coco-caption punctuation tokens', () => {
    expect(ptbTokenize('A man is cooking.')).toEqual(['a', 'man', 'is', 'cooking']);
    expect(ptbTokenize('He said "hello" (twice)...')).toEqual(['he', 'said', 'hello', 'twice']);
    expect(ptbTokenize('hello,world; ok!')).toEqual(['hello', 'world', 'ok']);
  });
  it('splits clitics and PTB split words like the Stanford tokenizer', () => {
    expect(ptbTokenize("The dog's bone, isn't it?")).toEqual(['the', 'dog', "'s", 'bone', 'is', "n't", 'it']);
    expect(ptbTokenize("can't cannot gonna")).toEqual(['ca', "n't", 'can', 'not', 'gon', 'na']);
    expect(ptbTokenize("dogs' toys")).toEqual(['dogs', 'toys']);
  });
  it('keeps abbreviations, numbers, hyphenated words, % and $ as tokens', () => {
    expect(ptbTokenize('In the U.S. at 3:30 a.m.')).toEqual(['in', 'the', 'u.s.', 'at', '3:30', 'a.m.']);
    expect(ptbTokenize('1,000 dogs; 5% cats & $5 t-shirt')).toEqual(['1,000', 'dogs', '5', '%', 'cats', '&', '$', '5', 't-shirt']);
  });
  it('keeps square brackets as -lsb-/-rsb- (coco-caption does not drop them)', () => {
    expect(ptbTokenize('a [dog]')).toEqual(['a', '-lsb-', 'dog', '-rsb-']);
  });
  it('passes already-tokenized text through unchanged, unicode included', () => {
    for (const s of ['a man is cooking', "the dog 's bone is n't u.s. t-shirt", 'un café naïve 😀 日本', "ca n't gon na"]) {
      expect(ptbTokenize(s).join(' ')).toBe(s);
    }
  });
  it('handles empty and whitespace-only text', () => {
    expect(ptbTokenize('')).toEqual([]);
    expect(ptbTokenize('  \t\n ')).toEqual([]);
  });
});
