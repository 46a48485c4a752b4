import { definePlugin } from '../../../core/plugin/manifest.js';
import { ablationCost, ablationScores, type AblationAlgorithm } from '../shared/ablation-scores.js';
import { makeAttributor } from '../shared/make-attributor.js';
import { COMMON_DEFAULTS, type CommonOptions } from '../shared/options.js';
import { pdmSchema } from './schema.js';

export interface PdmOptions extends CommonOptions {
  algorithm: AblationAlgorithm;
}

/** Prediction difference maximization (Eq. 9): j*_i = argmax_j [f(v̄)]_i − [f(v̄ with neuron j zeroed)]_i. */
export const pdmPlugin = definePlugin<'attributor', PdmOptions>({
  extensionPoint: 'attributor',
  name: 'pdm',
  version: '1.0.0',
  description:
    'Prediction difference maximization (Dong et al. 2017, Eq. 9): each topic of a video goes to the neuron whose zeroing lowers its prediction most. Exact over all neurons, vectorized.',
  optionsSchema: pdmSchema,
  defaults: { ...COMMON_DEFAULTS, algorithm: 'auto' },
  create: (options, ctx) =>
    makeAttributor({
      method: 'pdm',
      describe: 'pdm (Eq. 9): score of neuron j for topic i = [f(v̄)]_i − [f(v̄ with v̄_j = 0)]_i, exact over all neurons',
      tf: ctx.tf,
      seed: ctx.seed,
      common: options,
      score: ablationScores(null, options.algorithm),
      cost: ablationCost(options.algorithm),
    }),
});
