import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prepareCorpus } from '../lda/corpus.js';
import { LoglikComputer } from '../lda/loglik.js';
import { syntheticLda } from '../lda/testing/synthetic.js';
import type { LdaFit } from '../lda/fitted.js';
import { createWarpLda } from './plugin.js';
import { WarpLdaSampler } from './sampler.js';
import { splitByTokens } from './threads.js';

describe('WarpLDA on worker threads', () => {
  const { corpus } = syntheticLda({ K: 12, V: 400, D: 300, docLength: 60, alpha: 0.1, beta: 0.05, zipf: 1.0, seed: 78 });
  const c = prepareCorpus(corpus, { numTopics: 12, minCount: 1, stopwords: new Set() });
  const params = { K: 12, alpha: 0.5, beta: 0.01, mhSteps: 1, seed: 5 };
  const run = (threads: number, iterations: number, seed = params.seed): { hash: string; loglik: number; s: WarpLdaSampler } => {
    const s = new WarpLdaSampler(c, { ...params, seed, threads });
    for (let it = 0; it < iterations; it++) s.iterate();
    s.close();
    const z = Uint16Array.from({ length: c.numTokens }, (_, j) => s.zD[j * s.stride]!);
    const hash = createHash('sha256').update(Buffer.from(z.buffer)).digest('hex').slice(0, 16);
    return { hash, loglik: new LoglikComputer(c, 12, 0.5, 0.01).compute(s.zD, s.zW, s.stride), s };
  };

  it('splits words / documents into blocks of about N / T tokens', () => {
    const b = splitByTokens(c.wordStart, 3);
    expect(b[0]).toBe(0);
    expect(b[3]).toBe(c.wordStart.length - 1);
    for (let t = 0; t < 3; t++)
      expect(Math.abs(c.wordStart[b[t + 1]!]! - c.wordStart[b[t]!]! - c.numTokens / 3)).toBeLessThan(c.numTokens / 10);
  });

  it('is deterministic for a seed and thread count, and keeps both orders and C_k consistent', () => {
    const a = run(2, 60);
    const b = run(2, 60);
    const one = run(1, 60);
    expect(b.hash).toBe(a.hash);
    expect(a.hash).not.toBe(one.hash);
    const S = a.s.stride;
    const ck = new Int32Array(12);
    for (let j = 0; j < c.numTokens; j++) {
      const k = a.s.zD[j * S]!;
      expect(a.s.zW[c.wpos[j]! * S]).toBe(k);
      ck[k]!++;
    }
    expect(Array.from((a.s as unknown as { ck: Int32Array }).ck)).toEqual(Array.from(ck));
    expect(a.loglik).toBeGreaterThan(new LoglikComputer(c, 12, 0.5, 0.01).compute(new WarpLdaSampler(c, params).zD, undefined, 2) + 0.3);
  });

  it('reaches the one-thread likelihood (mean over 4 seeds after 200 iterations within 0.03 nats/token; seeds alone spread ~0.08)', () => {
    const mean = (T: number): number => [5, 6, 7, 8].reduce((acc, seed) => acc + run(T, 200, seed).loglik, 0) / 4;
    expect(Math.abs(mean(2) - mean(1))).toBeLessThan(0.03);
  });

  it('runs through the plugin (threads: 2) and rejects threads with mhSteps > 1', async () => {
    const fit = (await createWarpLda({ topics: 12, iterations: 20, mhSteps: 1, threads: 2, minCount: 1, stopwords: 'none', seed: 5 }).fit(
      corpus,
    )) as LdaFit;
    expect(fit.docTopicCounts.reduce((x, y) => x + y, 0)).toBe(c.numTokens);
    expect(fit.loglik).toHaveLength(20);
    expect(() => new WarpLdaSampler(c, { ...params, mhSteps: 2, threads: 2 })).toThrow(/threads 2 needs mhSteps 1/);
  });
});
