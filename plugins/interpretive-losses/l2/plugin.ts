import { definePlugin } from '../../../core/plugin/manifest.js';
import { seedFor } from '../../../core/tensor/rng.js';
import { L2InterpretiveLoss } from './l2.js';
import { defaults, optionsSchema, type L2LossOptions } from './schema.js';

export const l2InterpretiveLoss = definePlugin<'interpretiveLoss', L2LossOptions>({
  extensionPoint: 'interpretiveLoss',
  name: 'l2',
  version: '1.0.0',
  description: 'L_I = ‖f(mean_i v_i) − s‖², f a two-layer perceptron on the mean encoding (Dong et al. 2017, Eq. 8); LSTM-I.',
  optionsSchema,
  defaults,
  create: (options, ctx) => new L2InterpretiveLoss(options, seedFor(ctx.seed, 'interpretiveLoss/l2')),
});
