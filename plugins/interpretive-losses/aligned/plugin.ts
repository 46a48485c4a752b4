import { definePlugin } from '../../../core/plugin/manifest.js';
import { seedFor } from '../../../core/tensor/rng.js';
import { AlignedInterpretiveLoss } from './aligned.js';
import { defaults, optionsSchema, type AlignedLossOptions } from './schema.js';

export const alignedInterpretiveLoss = definePlugin<'interpretiveLoss', AlignedLossOptions>({
  extensionPoint: 'interpretiveLoss',
  name: 'aligned',
  version: '1.0.0',
  description:
    "L_I = ‖f(v̄) − s‖² with f_i(v̄) = scale · mean of topic i's own fixed neurons (a one-to-one topic–neuron alignment, the concept-bottleneck idea of Koh et al. 2020): each topic is carried by neurons known before training.",
  optionsSchema,
  defaults,
  create: (options, ctx) => new AlignedInterpretiveLoss(options, seedFor(ctx.seed, 'interpretiveLoss/aligned')),
});
