import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prepareCorpus } from '../lda/corpus.js';
import { syntheticLda } from '../lda/testing/synthetic.js';
import { WarpLdaSampler } from './sampler.js';

/**
 * Pins the sampler's exact output: the SHA-256 of the final topics (document order, Uint16) after
 * 25 iterations on a small synthetic corpus, for M = 1 and 2. Speed work must leave these alone;
 * a deliberate change of the sampled chain has to update them (and say why).
 */
describe('WarpLDA final sample pin', () => {
  const { corpus } = syntheticLda({ K: 12, V: 400, D: 150, docLength: 60, alpha: 0.1, beta: 0.05, zipf: 1.0, seed: 77 });
  const c = prepareCorpus(corpus, { numTopics: 12, minCount: 1, stopwords: new Set() });
  const finalHash = (mhSteps: number): string => {
    const s = new WarpLdaSampler(c, { K: 12, alpha: 0.5, beta: 0.01, mhSteps, seed: 5 });
    for (let it = 0; it < 25; it++) s.iterate();
    const z = Uint16Array.from({ length: c.numTokens }, (_, j) => s.zD[j * s.stride]!);
    return createHash('sha256').update(Buffer.from(z.buffer)).digest('hex').slice(0, 16);
  };
  it('is unchanged for M = 1 and M = 2', () => {
    expect(c.numTokens).toBe(PIN.tokens);
    expect(finalHash(1)).toBe(PIN.m1);
    expect(finalHash(2)).toBe(PIN.m2);
  });
});

const PIN = { tokens: 9357, m1: '825f2c86d0b2be54', m2: '7b98bc3b55a4698c' };
