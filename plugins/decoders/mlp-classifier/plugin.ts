import { definePlugin } from '../../../core/plugin/manifest.js';
import { seedFor } from '../../../core/tensor/rng.js';
import { MlpClassifier } from './classifier.js';
import { defaults, optionsSchema, type MlpClassifierOptions } from './schema.js';
import { mlpClassifierMemory } from './memory.js';

export const mlpClassifierDecoder = definePlugin<'decoder', MlpClassifierOptions>({
  extensionPoint: 'decoder',
  name: 'mlp-classifier',
  version: '1.0.0',
  description:
    'Two-layer perceptron on the mean encoding with softmax cross-entropy: the action-recognition head of the transfer experiment (Dong et al. 2017, Sec. 5).',
  optionsSchema,
  defaults,
  validate: mlpClassifierMemory,
  create: (options, ctx) => new MlpClassifier(options, seedFor(ctx.seed, 'decoder/mlp-classifier')),
});
