import type { OptionsSchema } from '../../../core/plugin/manifest.js';

export interface MlpClassifierOptions {
  /** Hidden units of the two-layer perceptron. */
  hidden: number;
  activation: 'relu' | 'tanh' | 'sigmoid';
  /** Dropout on the mean encoding and on the hidden layer while training. */
  dropout: number;
}

export const defaults: MlpClassifierOptions = { hidden: 256, activation: 'relu', dropout: 0.5 };

export const optionsSchema: OptionsSchema<MlpClassifierOptions> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    hidden: { type: 'integer', minimum: 1, description: 'Hidden units of the two-layer perceptron.' },
    activation: { type: 'string', enum: ['relu', 'tanh', 'sigmoid'], description: 'Hidden activation.' },
    dropout: {
      type: 'number',
      minimum: 0,
      maximum: 0.95,
      description: 'Dropout on the mean encoding and the hidden layer while training.',
    },
  },
  required: ['hidden', 'activation', 'dropout'],
};
