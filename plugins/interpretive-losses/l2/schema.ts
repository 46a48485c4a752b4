import type { OptionsSchema } from '../../../core/plugin/manifest.js';

export interface L2LossOptions {
  /** λ of Eq. 2. */
  lambda: number;
  /** Hidden units of the two-layer perceptron f. */
  hidden: number;
  activation: 'relu' | 'tanh' | 'sigmoid';
  /** Output non-linearity of f (s is binary, so a sigmoid keeps f(v̄) in [0, 1]). */
  output: 'linear' | 'sigmoid';
  /** Dropout on v̄ (the input of f) while training. */
  dropout: number;
}

export const defaults: L2LossOptions = { lambda: 0.1, hidden: 256, activation: 'relu', output: 'sigmoid', dropout: 0 };

export const optionsSchema: OptionsSchema<L2LossOptions> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    lambda: { type: 'number', minimum: 0, description: 'Weight λ of the interpretive loss (Eq. 2).' },
    hidden: { type: 'integer', minimum: 1, description: 'Hidden units of f.' },
    activation: { type: 'string', enum: ['relu', 'tanh', 'sigmoid'], description: 'Hidden activation of f.' },
    output: { type: 'string', enum: ['linear', 'sigmoid'], description: 'Output non-linearity of f.' },
    dropout: { type: 'number', minimum: 0, maximum: 0.95, description: 'Dropout on the mean encoding while training.' },
  },
  required: ['lambda', 'hidden', 'activation', 'output', 'dropout'],
};
