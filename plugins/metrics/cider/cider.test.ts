import { describe, expect, it } from 'vitest';
import type { PreparedItem } from '../shared/prepare.js';
import { cider } from './cider.js';

const item = (id: string, hyp: string, refs: string[]): PreparedItem => ({
  id,
  hyp: hyp ? hyp.split(' ') : [],
  refs: refs.map((r) => (r ? r.split(' ') : [])),
});

describe('cider (pycocoevalcap Cider = CIDEr-D)', () => {
  it('is 0 for a one-item corpus (idf = log 1 − log 1 = 0)', () => {
    expect(cider([item('a', 'a man cooks', ['a man cooks'])])).toEqual([0]);
  });

  it('averages over the 4 n-gram orders, orders without n-grams counting 0 (×10)', () => {
    // Unigram cosine 1, orders 2..4 empty → 10 · (1 + 0 + 0 + 0) / 4.
    expect(cider([item('a', 'a', ['a']), item('b', 'b', ['b'])])).toEqual([2.5, 2.5]);
  });

  it('uses the Gaussian length penalty on bigram counts and the cosine per order', () => {
    const [s] = cider([item('a', 'x y', ['x y z']), item('b', 'q', ['q'])]);
    // n=1: 2/(√2·√3); n=2: 1/√2; δ = 1 − 2 bigrams → exp(−1/72).
    const expected = ((Math.sqrt(2 / 3) + 1 / Math.SQRT2) * Math.exp(-1 / 72) * 10) / 4;
    expect(s).toBeCloseTo(expected, 12);
  });

  it('clips hypothesis weights at the reference weight (the "-D")', () => {
    const [s] = cider([item('a', 'a a', ['a']), item('b', 'b', ['b'])]);
    // min(2L, L)·L / (2L · L) = 1/2 (unclipped would be 1); δ = 1 bigram.
    expect(s).toBeCloseTo((0.5 * Math.exp(-1 / 72) * 10) / 4, 12);
  });

  it('takes document frequencies from the scored corpus, so an item’s score depends on the others', () => {
    const a = item('a', 'a man is cooking', ['a man is cooking food', 'a man cooks']);
    const b = item('b', 'a dog runs', ['a dog is running']);
    const c = item('c', 'a man is singing', ['a man is singing a song']);
    const [ab] = cider([a, b]);
    const [abc] = cider([a, b, c]);
    expect(ab).not.toBeCloseTo(abc!, 3);
  });

  it('returns 0, not NaN, when every reference is empty (pycocoevalcap would crash)', () => {
    expect(cider([item('a', 'a b', ['']), item('b', '', [''])])).toEqual([0, 0]);
  });
});
