import type { ConfigCheck } from '../../../core/plugin/manifest.js';
import type { AttentionLstmOptions } from './schema.js';

/**
 * A lower bound of the decoder's memory for validate (encoder width, vocabulary and frames are not
 * known from its options: counted as 1, 4 words and 1 frame): the LSTM over [E y, φ] (4 gates ×
 * (E + 1 + H + bias) × H), attention (U_a: H × A, T_a, w_a, b_a), embedding and W_p; per generated
 * word the gates, states and attention kept for backprop.
 */
export const attentionLstmMemory = (o: AttentionLstmOptions): ConfigCheck => {
  const { units: h, attentionUnits: a, embeddingSize: e, maxLength } = o;
  const vocabulary = 4;
  const parameters = 4 * (e + h + 2) * h + h * a + 3 * a + vocabulary * e + (h + e + 1) * vocabulary;
  return { memory: { parameters, activationsPerExample: maxLength * (6 * h + a + vocabulary) } };
};
