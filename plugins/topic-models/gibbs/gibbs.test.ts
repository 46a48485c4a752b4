import { describe, expect, it } from 'vitest';
import type { LdaFit } from '../lda/fitted.js';
import { matchedTopicDistance } from '../lda/testing/synthetic.js';
import { FIXTURE, fixtureCorpus, fixtureOptions } from '../../../test/support/topic-models/lda-fixture.js';
import { createGibbs } from './plugin.js';

describe('gibbs', () => {
  it('recovers the topics of a known LDA model (matched total-variation distance: mean < 0.08, max < 0.13)', async () => {
    const { corpus, phi } = fixtureCorpus();
    const fit = (await createGibbs(fixtureOptions(150)).fit(corpus)) as LdaFit;
    const d = matchedTopicDistance(phi, fit.topicWordProbabilities(), FIXTURE.K, FIXTURE.V, fit.vocabulary);
    expect(d.mean).toBeLessThan(0.08);
    expect(d.max).toBeLessThan(0.13);
    // log-likelihood rises from the random start and flattens
    expect(fit.loglik[149]!).toBeGreaterThan(fit.loglik[0]! + 0.3);
    expect(Math.abs(fit.loglik[149]! - fit.loglik[100]!)).toBeLessThan(0.02);
  });

  it('is deterministic for a seed', async () => {
    const { corpus } = fixtureCorpus();
    const a = (await createGibbs(fixtureOptions(5, 4)).fit(corpus)) as LdaFit;
    const b = (await createGibbs(fixtureOptions(5, 4)).fit(corpus)) as LdaFit;
    expect(b.loglik).toEqual(a.loglik);
    expect(Array.from(b.docTopicCounts)).toEqual(Array.from(a.docTopicCounts));
  });
});
