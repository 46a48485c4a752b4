import { describe, expect, it } from 'vitest';
import type { PreparedItem } from '../shared/prepare.js';
import { bleu, closestRefLength } from './bleu.js';

const item = (id: string, hyp: string, refs: string[]): PreparedItem => ({
  id,
  hyp: hyp ? hyp.split(' ') : [],
  refs: refs.map((r) => (r ? r.split(' ') : [])),
});

describe('bleu (pycocoevalcap Bleu(4), closest)', () => {
  it('smooths every precision with 1e-15 / 1e-9 (no n-gram match → tiny, not 0)', () => {
    const r = bleu([item('a', 'a b', ['a c'])]);
    const p1 = (1 + 1e-15) / (2 + 1e-9);
    const p2 = (0 + 1e-15) / (1 + 1e-9);
    // Equal lengths still get a (tiny) brevity penalty: ratio (2 + 1e-15) / (2 + 1e-9) < 1.
    const bp = Math.exp(1 - (2 + 1e-9) / (2 + 1e-15));
    expect(bp).toBeLessThan(1);
    expect(r.items[0]![0]).toBeCloseTo(p1 * bp, 15);
    expect(r.items[0]![1]).toBeCloseTo(Math.sqrt(p1 * p2) * bp, 20);
    expect(r.items[0]![1]).toBeGreaterThan(0);
  });

  it('picks the closest reference length, ties going to the shorter one', () => {
    expect(closestRefLength([4, 2], 3)).toBe(2);
    expect(closestRefLength([2, 4], 3)).toBe(2);
    expect(closestRefLength([5, 4, 9], 7)).toBe(5);
    // hyp of 3 words vs refs of 4 and 2: reflen 2 → no brevity penalty (with 4 it would be e^(1-4/3)).
    const r = bleu([item('a', 'a b c', ['a b c d', 'a b'])]);
    expect(r.items[0]![0]).toBeCloseTo(1, 9);
  });

  it('applies the brevity penalty exp(1 - 1/ratio) with the smoothed ratio', () => {
    const r = bleu([item('a', 'a', ['a b c'])]);
    const ratio = (1 + 1e-15) / (3 + 1e-9);
    expect(r.items[0]![0]).toBeCloseTo(((1 + 1e-15) / (1 + 1e-9)) * Math.exp(1 - 1 / ratio), 12);
    expect(r.items[0]![0]).toBeCloseTo(Math.exp(-2), 8);
  });

  it('clips counts by the maximum count in any single reference', () => {
    const r = bleu([item('a', 'the the the the', ['the cat', 'the the mat'])]);
    expect(r.items[0]![0]).toBeCloseTo(2 / 4, 9);
  });

  it('pools counts and lengths over items for the corpus score (not the mean of items)', () => {
    const r = bleu([item('a', 'a b c d', ['a b c d']), item('b', 'x y', ['p q'])]);
    expect(r.corpus[0]).toBeCloseTo(4 / 6, 9);
    expect((r.items[0]![0]! + r.items[1]![0]!) / 2).toBeCloseTo(0.5, 9);
  });

  it('gives an empty hypothesis 0 (brevity penalty underflows) without NaN', () => {
    const r = bleu([item('a', '', ['a b c'])]);
    expect(r.items[0]).toEqual([0, 0, 0, 0]);
  });
});
