import type { ConfigCheck } from '../../../core/plugin/manifest.js';
import type { MlpClassifierOptions } from './schema.js';

/** A lower bound of the classifier's memory for validate (input width 1, 2 classes): both layers' weights and the hidden activations. */
export const mlpClassifierMemory = (o: MlpClassifierOptions): ConfigCheck => ({
  memory: { parameters: 2 * o.hidden + (o.hidden + 1) * 2, activationsPerExample: o.hidden + 2 },
});
