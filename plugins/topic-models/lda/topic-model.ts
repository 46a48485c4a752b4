import type { TopicModel } from '../../../core/contracts/topic-model.js';
import type { PreparedCorpus } from './corpus.js';
import { fitLda, type TopicSampler } from './fit.js';
import { loadLdaFit } from './fitted.js';
import { resolveSettings, type LdaOptions, type LdaSettings } from './settings.js';

/**
 * An LDA topic model from resolved options: `fit` samples with the chain `makeSampler` builds
 * for the prepared corpus and the settings the options give; `load` reads any LDA fit back.
 */
export function ldaTopicModel(
  model: string,
  options: LdaOptions,
  fallbackSeed: number,
  configDir: string | undefined,
  makeSampler: (c: PreparedCorpus, s: LdaSettings) => TopicSampler,
): TopicModel {
  const s = resolveSettings(options, fallbackSeed, configDir);
  return {
    fit: (corpus, onProgress) => fitLda(model, corpus, s, (c) => makeSampler(c, s), onProgress),
    load: (json) => loadLdaFit(json),
  };
}
