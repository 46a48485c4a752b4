import type { FitProgress, TokenizedCorpus } from '../../../core/contracts/topic-model.js';
import { prepareCorpus, type PreparedCorpus } from './corpus.js';
import { LdaFit } from './fitted.js';
import { LoglikComputer } from './loglik.js';
import { mergeDuplicateTopics } from './merge-duplicates.js';
import type { LdaSettings } from './settings.js';

/** What the fit driver needs from a sampler. */
export interface TopicSampler {
  /** Current topic of each token, document order (token j at `[j * stride]`). */
  readonly zD: Uint16Array;
  /** The same in by-word order, when the sampler keeps it (saves a gather in the likelihood). */
  readonly zW?: Uint16Array;
  /** Record stride of zD / zW (default 1). */
  readonly stride?: number;
  iterate(): void;
  /** Release what the sampler holds beyond its arrays (worker threads); called after the last iteration. */
  close?(): void;
}

const nextTick = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Prepare the corpus, run `iterations` sweeps of the sampler reporting the collapsed log-likelihood
 * per token and the sampling throughput (likelihood evaluation excluded) after each, and build
 * the fitted model from the final assignments (with duplicate topics merged when configured).
 */
export async function fitLda(
  model: string,
  corpus: TokenizedCorpus,
  settings: LdaSettings,
  makeSampler: (c: PreparedCorpus) => TopicSampler,
  onProgress?: (p: FitProgress) => void,
): Promise<LdaFit> {
  const c = prepareCorpus(corpus, { numTopics: settings.K, minCount: settings.minCount, stopwords: settings.stopwords });
  const sampler = makeSampler(c);
  const loglik: number[] = [];
  try {
    await sample(model, c, settings, sampler, loglik, onProgress);
  } finally {
    sampler.close?.();
  }
  const K = settings.K;
  const V = c.vocabulary.length;
  const D = c.docIds.length;
  const topicWordCounts = new Int32Array(K * V);
  const docTopicCounts = new Int32Array(D * K);
  const z = sampler.zD;
  const S = sampler.stride ?? 1;
  for (let d = 0; d < D; d++) {
    for (let j = c.docStart[d]!; j < c.docStart[d + 1]!; j++) {
      const k = z[j * S]!;
      topicWordCounts[k * V + c.words[j]!]!++;
      docTopicCounts[d * K + k]!++;
    }
  }
  const merged =
    settings.mergeDuplicates === undefined
      ? undefined
      : mergeDuplicateTopics(topicWordCounts, docTopicCounts, K, V, settings.beta, settings.mergeDuplicates);
  return new LdaFit({
    model,
    numTopics: merged?.numTopics ?? K,
    alpha: settings.alpha,
    beta: settings.beta,
    seed: settings.seed,
    vocabulary: c.vocabulary,
    docIds: c.docIds,
    topicWordCounts: merged?.topicWordCounts ?? topicWordCounts,
    docTopicCounts: merged?.docTopicCounts ?? docTopicCounts,
    ...(merged && merged.numTopics < K ? { mergedFrom: merged.groups } : {}),
    loglik,
    occurrence: settings.occurrence,
    topWords: settings.topWords,
    inferIterations: settings.inferIterations,
  });
}

/** The sampling loop: one iteration, its likelihood (not timed) and the progress report, per iteration. */
async function sample(
  model: string,
  c: PreparedCorpus,
  settings: LdaSettings,
  sampler: TopicSampler,
  loglik: number[],
  onProgress?: (p: FitProgress) => void,
): Promise<void> {
  const ll = new LoglikComputer(c, settings.K, settings.alpha, settings.beta);
  for (let it = 0; it < settings.iterations; it++) {
    const t0 = performance.now();
    sampler.iterate();
    const secs = Math.max((performance.now() - t0) / 1000, 1e-9);
    const l = ll.compute(sampler.zD, sampler.zW, sampler.stride ?? 1);
    if (!Number.isFinite(l)) throw new Error(`${model}: log-likelihood is ${l} at iteration ${it + 1} (internal error)`);
    loglik.push(l);
    onProgress?.({ iteration: it + 1, iterations: settings.iterations, loglik: l, tokensPerSecond: c.numTokens / secs });
    await nextTick();
  }
}
