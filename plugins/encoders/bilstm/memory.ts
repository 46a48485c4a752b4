import type { ConfigCheck } from '../../../core/plugin/manifest.js';
import type { BiLstmOptions } from './schema.js';

/**
 * A lower bound of the BiLSTM's memory for validate (the input size and frame count are not known
 * from its options, so both count as 1): per direction 4 gates × (input + units + bias) × units
 * weights; per frame and direction 4·units gate values and 2·units states kept for backprop.
 */
export const bilstmMemory = (o: BiLstmOptions): ConfigCheck => ({
  memory: { parameters: 2 * 4 * (o.units + 2) * o.units, activationsPerExample: 2 * 6 * o.units },
});
