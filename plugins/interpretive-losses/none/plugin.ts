import * as tf from '@tensorflow/tfjs-core';
import type { InterpretiveLoss } from '../../../core/contracts/interpretive-loss.js';
import { definePlugin } from '../../../core/plugin/manifest.js';

/** No interpretive loss (LSTM-B): λ = 0, no variables, no readout. */
export class NoInterpretiveLoss implements InterpretiveLoss {
  readonly lambda = 0;
  build(): void {}
  variables() {
    return {};
  }
  loss(): tf.Scalar {
    return tf.scalar(0);
  }
  readout(): null {
    return null;
  }
}

export const noInterpretiveLoss = definePlugin<'interpretiveLoss', Record<string, never>>({
  extensionPoint: 'interpretiveLoss',
  name: 'none',
  version: '1.0.0',
  description: 'No interpretive loss (λ = 0): the LSTM-B baseline.',
  optionsSchema: { type: 'object', additionalProperties: false, properties: {}, required: [] },
  defaults: {},
  create: () => new NoInterpretiveLoss(),
});
