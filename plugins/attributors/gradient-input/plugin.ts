import { definePlugin } from '../../../core/plugin/manifest.js';
import { makeAttributor } from '../shared/make-attributor.js';
import { COMMON_DEFAULTS, type CommonOptions } from '../shared/options.js';
import { gradientInputSchema } from './schema.js';
import { gradientInputScores, gradientInputCost } from './scores.js';

export const gradientInputPlugin = definePlugin<'attributor', CommonOptions>({
  extensionPoint: 'attributor',
  name: 'gradient-input',
  version: '1.0.0',
  description: 'Gradient × input (Shrikumar et al. 2016): score = v̄_j · ∂[f(v̄)]_i/∂v̄_j; closed form for a two-layer f, tf.grad otherwise.',
  optionsSchema: gradientInputSchema,
  defaults: COMMON_DEFAULTS,
  create: (options, ctx) =>
    makeAttributor({
      method: 'gradient-input',
      describe: 'gradient-input: score of neuron j for topic i = v̄_j · ∂[f(v̄)]_i/∂v̄_j',
      tf: ctx.tf,
      seed: ctx.seed,
      common: options,
      score: gradientInputScores,
      cost: gradientInputCost,
    }),
});
