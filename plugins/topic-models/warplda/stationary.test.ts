import { describe, expect, it } from 'vitest';
import { prepareCorpus } from '../lda/corpus.js';
import { lgamma } from '../lda/lgamma.js';
import { WarpLdaSampler } from './sampler.js';

/**
 * The sampler's stationary distribution against the exact collapsed posterior. With one token per
 * document and every word occurring once, WarpLDA's delayed counts are exact, so with one MH step
 * per phase the chain must leave the posterior invariant. Under LDA with K = 2 the posterior of
 * n₀ (tokens in topic 0) is then ∝ C(N, n) / (Γ(n + Vβ) Γ(N − n + Vβ)).
 */
describe('WarpLDA stationary distribution', () => {
  const N = 8;
  const K = 2;
  const alpha = 0.5;
  const beta = 0.01;
  const corpus = prepareCorpus(
    { ids: Array.from({ length: N }, (_, i) => `d${i}`), docs: Array.from({ length: N }, (_, i) => [`w${i}`]) },
    { numTopics: K, minCount: 1, stopwords: new Set() },
  );

  function exact(): number[] {
    const Vb = N * beta;
    const logw = Array.from(
      { length: N + 1 },
      (_, n) => lgamma(N + 1) - lgamma(n + 1) - lgamma(N - n + 1) - lgamma(n + Vb) - lgamma(N - n + Vb),
    );
    const m = Math.max(...logw);
    const w = logw.map((l) => Math.exp(l - m));
    const z = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / z);
  }

  it('matches the exact posterior of topic sizes (total variation < 0.02 over 40,000 iterations)', () => {
    const sampler = new WarpLdaSampler(corpus, { K, alpha, beta, mhSteps: 1, seed: 3 });
    const hist = new Array<number>(N + 1).fill(0);
    const iters = 40_000;
    for (let it = 0; it < 200; it++) sampler.iterate();
    for (let it = 0; it < iters; it++) {
      sampler.iterate();
      let n0 = 0;
      for (let j = 0; j < N; j++) if (sampler.zD[j * sampler.stride] === 0) n0++;
      hist[n0]!++;
    }
    const p = exact();
    // Hand check of the target: the balanced split is the mode, the all-in-one split nearly impossible.
    expect(p[4]!).toBeGreaterThan(0.3);
    expect(p[0]!).toBeLessThan(1e-4);
    const tv = 0.5 * p.reduce((s, pi, n) => s + Math.abs(pi - hist[n]! / iters), 0);
    expect(tv).toBeLessThan(0.02);
  });
});
