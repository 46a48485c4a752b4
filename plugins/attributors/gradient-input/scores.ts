import type * as tfjs from '@tensorflow/tfjs';
import { jacobian } from '../shared/gradients.js';
import type { CostFn, ScoreFn } from '../shared/types.js';

/** Gradient × input: score of neuron j for topic i = v̄_j · ∂[f(v̄)]_i/∂v̄_j. */
export const gradientInputScores: ScoreFn = ({ tf, readout, x, rows: b, numNeurons: d, topics }) => {
  const out = tf.tidy(() => {
    const xt = tf.tensor2d(x, [b, d]);
    const j = jacobian(tf, readout, xt, topics); // [B, D, U]
    return tf.mul(j, tf.reshape(xt, [b, d, 1])) as tfjs.Tensor;
  });
  const data = out.dataSync() as Float32Array;
  out.dispose();
  return data;
};

export const gradientInputCost: CostFn = (d, h, u) => (h > 0 ? h * u : d) + 2 * d * u;
