import { describe, expect, it } from 'vitest';
import { TopiclensError } from '../../../core/errors.js';
import { prepareCorpus } from './corpus.js';
import { lgamma } from './lgamma.js';
import { LoglikComputer } from './loglik.js';
import { crudeStem, summarizeTopics, topicLabel } from './naming.js';
import { occurrenceVector } from './fitted.js';
import { Xorshift128Rng } from '../../../core/tensor/rng.js';

const none = new Set<string>();

describe('lgamma', () => {
  it('matches known values', () => {
    expect(lgamma(1)).toBeCloseTo(0, 12);
    expect(lgamma(2)).toBeCloseTo(0, 12);
    expect(lgamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(lgamma(0.01)).toBeCloseTo(4.599479878042022, 10);
    expect(lgamma(1000.5)).toBeCloseTo(5908.674175848678, 6);
  });
});

describe('prepareCorpus', () => {
  it('indexes tokens by document and by word, most frequent word first', () => {
    const c = prepareCorpus(
      {
        ids: ['a', 'b'],
        docs: [
          ['x', 'y', 'x'],
          ['y', 'x', 'z'],
        ],
      },
      { numTopics: 2, minCount: 1, stopwords: none },
    );
    expect(c.vocabulary).toEqual(['x', 'y', 'z']);
    expect(Array.from(c.words)).toEqual([0, 1, 0, 1, 0, 2]);
    expect(Array.from(c.docStart)).toEqual([0, 3, 6]);
    expect(Array.from(c.wordStart)).toEqual([0, 3, 5, 6]);
    // by-word order: x tokens (doc indices 0, 2, 4), y (1, 3), z (5)
    expect(Array.from(c.dpos)).toEqual([0, 2, 4, 1, 3, 5]);
    for (let j = 0; j < 6; j++) expect(c.dpos[c.wpos[j]!]).toBe(j);
  });

  it('drops rare words and stopwords and keeps emptied documents aligned', () => {
    const c = prepareCorpus(
      {
        ids: ['a', 'b', 'c'],
        docs: [
          ['the', 'dog', 'dog'],
          ['the', 'rare'],
          ['cat', 'dog', 'cat'],
        ],
      },
      { numTopics: 2, minCount: 2, stopwords: new Set(['the']) },
    );
    expect(c.vocabulary).toEqual(['dog', 'cat']);
    expect(c.numTokens).toBe(5);
    expect(c.dropped).toEqual({ rareTokens: 1, stopTokens: 2, emptyDocs: ['b'] });
    expect(Array.from(c.docStart)).toEqual([0, 2, 2, 5]);
  });

  it('rejects corpora with nothing to fit, with a message that says why', () => {
    const prep =
      (docs: string[][], minCount = 1, stop = none, K = 2) =>
      () =>
        prepareCorpus({ ids: docs.map((_, i) => `v${i}`), docs }, { numTopics: K, minCount, stopwords: stop });
    expect(prep([])).toThrow(/no documents/);
    expect(prep([[], []])).toThrow(/Every document is empty/);
    expect(prep([['the', 'a'], ['a']], 1, new Set(['the', 'a']))).toThrow(/no tokens left.*3 stopword tokens/);
    expect(prep([['x', 'y'], ['z']], 2)).toThrow(/no tokens left.*Lower minCount/);
    expect(prep([['x', 'y', 'x']], 1, none, 5)).toThrow(/only 2 distinct words remain but 5 topics/);
    expect(prep([['x', 'y', 'x']], 1, none, 5)).toThrow(TopiclensError);
    expect(() => prepareCorpus({ ids: ['a', 'a'], docs: [['x'], ['y']] }, { numTopics: 2, minCount: 1, stopwords: none })).toThrow(
      /"a" appears twice/,
    );
  });
});

describe('LoglikComputer', () => {
  it('equals the collapsed log p(w, z) per token computed densely', () => {
    const docs = [['a', 'b', 'a', 'c'], ['b', 'b', 'c'], [], ['a', 'c', 'd', 'd', 'a']];
    const c = prepareCorpus({ ids: ['0', '1', '2', '3'], docs }, { numTopics: 3, minCount: 1, stopwords: none });
    const K = 3;
    const alpha = 0.3;
    const beta = 0.07;
    const rng = new Xorshift128Rng(5);
    const zD = new Uint16Array(c.numTokens).map(() => rng.int(K));
    const V = c.vocabulary.length;
    const D = docs.length;
    const cdk = new Float64Array(D * K);
    const cwk = new Float64Array(V * K);
    const ck = new Float64Array(K);
    for (let d = 0; d < D; d++) {
      for (let j = c.docStart[d]!; j < c.docStart[d + 1]!; j++) {
        cdk[d * K + zD[j]!]!++;
        cwk[c.words[j]! * K + zD[j]!]!++;
        ck[zD[j]!]!++;
      }
    }
    let ll = 0;
    for (let d = 0; d < D; d++) {
      const L = c.docStart[d + 1]! - c.docStart[d]!;
      ll += lgamma(K * alpha) - lgamma(L + K * alpha);
      for (let k = 0; k < K; k++) ll += lgamma(cdk[d * K + k]! + alpha) - lgamma(alpha);
    }
    for (let k = 0; k < K; k++) {
      ll += lgamma(V * beta) - lgamma(ck[k]! + V * beta);
      for (let v = 0; v < V; v++) ll += lgamma(cwk[v * K + k]! + beta) - lgamma(beta);
    }
    const zW = new Uint16Array(c.numTokens);
    for (let j = 0; j < c.numTokens; j++) zW[c.wpos[j]!] = zD[j]!;
    const comp = new LoglikComputer(c, K, alpha, beta);
    expect(comp.compute(zD)).toBeCloseTo(ll / c.numTokens, 10);
    expect(comp.compute(zD, zW)).toBeCloseTo(ll / c.numTokens, 10);
  });
});

describe('topic names', () => {
  it('groups inflections by a crude stem', () => {
    expect(['dancing', 'dance', 'danced', 'dances'].map(crudeStem)).toEqual(['danc', 'danc', 'danc', 'danc']);
    expect(['running', 'run', 'runs'].map(crudeStem)).toEqual(['run', 'run', 'run']);
    expect(crudeStem('dress')).toBe('dress');
  });

  it('names topics as in Table 1 of the paper', () => {
    const w = (...ws: string[]): [string, number][] => ws.map((x, i) => [x, 0.2 - i * 0.01]);
    expect(topicLabel(w('dancing', 'dance', 'stage', 'danced', 'dances'))).toBe('dance');
    expect(topicLabel(w('walking', 'walks', 'race', 'turtle', 'walk'))).toBe('walk');
    expect(topicLabel(w('eating', 'food', 'eats', 'eat', 'ate'))).toBe('eat');
    expect(topicLabel(w('dog', 'tail', 'barking', 'wagging', 'small'))).toBe('dog');
    expect(topicLabel(w('cat', 'licking', 'cats', 'paws', 'paw'))).toBe('cat');
  });

  it('summarizes topics with probabilities and unique labels', () => {
    const vocab = ['dancing', 'dance', 'stage', 'danced', 'dances', 'dog'];
    // topic 0: dance words; topic 1: dance words too (label clash), then dog; counts [K=2, V=6]
    const counts = new Int32Array([40, 30, 20, 6, 4, 0, 20, 10, 0, 0, 0, 15]);
    const t = summarizeTopics(counts, 2, vocab, 0.01, 5);
    expect(t[0]!.name).toBe('dance: dancing, dance, stage, danced, dances');
    expect(t[0]!.words[0]![1]).toBeCloseTo(40.01 / (100 + 0.06), 12);
    expect(t[1]!.words.map((x) => x[0])).toEqual(['dancing', 'dog', 'dance', 'stage', 'danced']);
    expect(t[1]!.name).toBe('dance/dog: dancing, dog, dance, stage, danced');
  });
});

describe('occurrence rule', () => {
  it('needs both minTokens and minShare', () => {
    const counts = [10, 2, 1, 0, 7];
    expect(Array.from(occurrenceVector(counts, { minTokens: 2, minShare: 0.05 }))).toEqual([1, 1, 0, 0, 1]);
    expect(Array.from(occurrenceVector(counts, { minTokens: 1, minShare: 0.25 }))).toEqual([1, 0, 0, 0, 1]);
    expect(Array.from(occurrenceVector(counts, { minTokens: 1, minShare: 0 }))).toEqual([1, 1, 1, 0, 1]);
    expect(Array.from(occurrenceVector([0, 0], { minTokens: 1, minShare: 0 }))).toEqual([0, 0]);
  });
});
