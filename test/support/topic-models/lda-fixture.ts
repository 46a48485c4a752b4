import { syntheticLda, type SyntheticLda } from '../../../plugins/topic-models/lda/testing/synthetic.js';

/** The small known-LDA corpus the sampler tests share: K = 6 topics, V = 120 words, 200 docs of ~40 tokens. */
export const FIXTURE = { K: 6, V: 120, D: 200, docLength: 40, alpha: 0.2, beta: 0.05, seed: 3 } as const;

let cached: SyntheticLda | undefined;
export const fixtureCorpus = (): SyntheticLda => (cached ??= syntheticLda({ ...FIXTURE }));

/** Sampler options matching the fixture (nothing filtered). */
export const fixtureOptions = (iterations: number, seed = 1) => ({
  topics: FIXTURE.K,
  alpha: FIXTURE.alpha,
  beta: FIXTURE.beta,
  iterations,
  seed,
  minCount: 1,
  stopwords: 'none' as const,
});

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
