import { resolvedOptions } from '../../../core/config/resolve-options.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import type { TopicModel } from '../../../core/contracts/topic-model.js';
import { LDA_DEFAULTS, LDA_OPTIONS_SCHEMA, type LdaOptions } from '../lda/settings.js';
import { ldaTopicModel } from '../lda/topic-model.js';
import { WarpLdaSampler } from './sampler.js';

/** WarpLDA topic model from any subset of its options (tests, the bench): resolved against the plugin's defaults and schema. */
export function createWarpLda(options: Partial<LdaOptions>, fallbackSeed = 1, configDir?: string): TopicModel {
  return warpLdaModel(resolvedOptions<LdaOptions>(warpldaPlugin, options, { file: 'createWarpLda options' }), fallbackSeed, configDir);
}

const warpLdaModel = (options: LdaOptions, fallbackSeed: number, configDir?: string): TopicModel =>
  ldaTopicModel(
    'warplda',
    options,
    fallbackSeed,
    configDir,
    (c, s) => new WarpLdaSampler(c, { K: s.K, alpha: s.alpha, beta: s.beta, mhSteps: s.mhSteps, seed: s.seed, threads: s.threads }),
  );

export const warpldaPlugin = definePlugin<'topicModel', LdaOptions>({
  extensionPoint: 'topicModel',
  name: 'warplda',
  version: '1.0.0',
  description: 'LDA by WarpLDA (Chen et al., VLDB 2016): O(1) Metropolis-Hastings with alternating word/doc proposals.',
  optionsSchema: LDA_OPTIONS_SCHEMA,
  defaults: LDA_DEFAULTS,
  create: (options, ctx) => warpLdaModel(options, ctx.seed, ctx.configDir),
});
