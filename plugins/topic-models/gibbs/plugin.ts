import { resolvedOptions } from '../../../core/config/resolve-options.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import type { TopicModel } from '../../../core/contracts/topic-model.js';
import { LDA_DEFAULTS, LDA_OPTIONS_SCHEMA, type LdaOptions } from '../lda/settings.js';
import { ldaTopicModel } from '../lda/topic-model.js';
import { GibbsSampler } from './sampler.js';

/** Collapsed-Gibbs topic model from any subset of its options (tests, the bench): resolved against the plugin's defaults and schema. */
export function createGibbs(options: Partial<LdaOptions>, fallbackSeed = 1, configDir?: string): TopicModel {
  return gibbsModel(resolvedOptions<LdaOptions>(gibbsPlugin, options, { file: 'createGibbs options' }), fallbackSeed, configDir);
}

const gibbsModel = (options: LdaOptions, fallbackSeed: number, configDir?: string): TopicModel =>
  ldaTopicModel(
    'gibbs',
    options,
    fallbackSeed,
    configDir,
    (c, s) => new GibbsSampler(c, { K: s.K, alpha: s.alpha, beta: s.beta, seed: s.seed }),
  );

export const gibbsPlugin = definePlugin<'topicModel', LdaOptions>({
  extensionPoint: 'topicModel',
  name: 'gibbs',
  version: '1.0.0',
  description: 'LDA by plain collapsed Gibbs sampling (O(K) per token): the reference for warplda.',
  optionsSchema: LDA_OPTIONS_SCHEMA,
  defaults: { ...LDA_DEFAULTS, iterations: 200 },
  create: (options, ctx) => gibbsModel(options, ctx.seed, ctx.configDir),
});
