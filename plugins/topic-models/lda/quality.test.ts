import { describe, expect, it } from 'vitest';
import { countsFromAssignments, topWordIds, trainingPerplexity, umassCoherence, type QualityCorpus } from './quality.js';

// Three documents over V = 3 words: d0 = [w0 w0 w1], d1 = [w1 w2], d2 = [w0 w1]; K = 2 topics with
// d0 → [0 0 1], d1 → [1 1], d2 → [0 1]. Hence n_dk = [2 1], [0 2], [1 1]; n_kw = [3 0 0], [0 3 1].
const corpus: QualityCorpus = {
  docStart: Int32Array.from([0, 3, 5, 7]),
  words: Int32Array.from([0, 0, 1, 1, 2, 0, 1]),
  numWords: 3,
};
const counts = countsFromAssignments(corpus, 2, [0, 0, 1, 1, 1, 0, 1]);

describe('LDA quality evaluators', () => {
  it('counts a sample', () => {
    expect(Array.from(counts.docTopic)).toEqual([2, 1, 0, 2, 1, 1]);
    expect(Array.from(counts.topicWord)).toEqual([3, 0, 0, 0, 3, 1]);
  });

  it('training perplexity matches the hand computation (α = β = 1)', () => {
    // φ_0 = [4 1 1]/6, φ_1 = [1 4 2]/7; θ_d0 = [3 2]/5, θ_d1 = [1 3]/4, θ_d2 = [2 2]/4.
    // p(token) = Σ_k θ_dk φ_kw: d0 w0 16/35 (twice), d0 w1 23/70, d1 w1 79/168, d1 w2 43/168,
    // d2 w0 17/42, d2 w1 31/84.
    const logSum =
      2 * Math.log(16 / 35) + Math.log(23 / 70) + Math.log(79 / 168) + Math.log(43 / 168) + Math.log(17 / 42) + Math.log(31 / 84);
    const expected = Math.exp(-logSum / 7);
    expect(expected).toBeCloseTo(2.60316, 4);
    expect(trainingPerplexity(corpus, counts, 1, 1)).toBeCloseTo(expected, 12);
  });

  it('UMass coherence matches the hand computation', () => {
    const top = topWordIds(counts, 3, 3);
    expect(top).toEqual([
      [0, 1, 2],
      [1, 2, 0],
    ]); // ties broken by word id
    // D(w0) = 2, D(w1) = 3, D(w2) = 1; D(w0,w1) = 2, D(w0,w2) = 0, D(w1,w2) = 1.
    // Topic 0: log(3/2) + log(1/2) + log(2/3) over 3 pairs = log(1/2)/3.
    // Topic 1: log(2/3) + log(3/3) + log(1/1) over 3 pairs = log(2/3)/3.
    const u = umassCoherence(corpus, top);
    expect(u.perTopic[0]).toBeCloseTo(Math.log(1 / 2) / 3, 12);
    expect(u.perTopic[1]).toBeCloseTo(Math.log(2 / 3) / 3, 12);
    expect(u.meanPerPair).toBeCloseTo(Math.log(1 / 3) / 6, 12);
    expect(u.meanPerPair).toBeCloseTo(-0.1831, 4);
  });

  it('refuses a sample of the wrong length', () => {
    expect(() => countsFromAssignments(corpus, 2, [0, 1])).toThrow(/2 topic assignments for a corpus of 7 tokens/);
  });
});
