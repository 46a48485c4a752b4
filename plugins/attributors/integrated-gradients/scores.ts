import type * as tfjs from '@tensorflow/tfjs';
import { jacobian } from '../shared/gradients.js';
import { igNodes, type IgMethod } from '../shared/quadrature.js';
import type { CostFn, ScoreFn } from '../shared/types.js';

/**
 * Integrated gradients (Sundararajan et al. 2017): IG_j = (x_j − b_j) ∫₀¹ ∂f_i/∂x_j(b + α(x − b)) dα,
 * the integral by `method` with `steps` nodes (Captum's conventions). All points of a chunk go
 * through one Jacobian call.
 */
export function integratedGradientsScores(method: IgMethod, steps: number, baseline: Float32Array | null): ScoreFn {
  const { alphas, weights } = igNodes(method, steps);
  const m = alphas.length;
  return ({ tf, readout, x, rows: b, numNeurons: d, topics }) => {
    const u = topics.length;
    const out = tf.tidy(() => {
      const xt = tf.tensor2d(x, [b, d]);
      const base = baseline ? tf.tensor1d(baseline) : tf.zeros([d]);
      const delta = tf.sub(xt, base); // [B, D]
      const a = tf.tensor1d(alphas);
      const points = tf.add(base, tf.mul(tf.reshape(delta, [b, 1, d]), tf.reshape(a, [1, m, 1]))); // [B, m, D]
      const j = jacobian(tf, readout, tf.reshape(points, [b * m, d]) as tfjs.Tensor2D, topics); // [B·m, D, U]
      const w = tf.reshape(tf.tensor1d(weights), [1, m, 1, 1]);
      const avg = tf.sum(tf.mul(tf.reshape(j, [b, m, d, u]), w), 1); // [B, D, U]
      return tf.mul(avg, tf.reshape(delta, [b, d, 1]));
    });
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  };
}

export const integratedGradientsCost = (steps: number): CostFn => (d, h, u) => steps * ((h > 0 ? h * u : d) + d * u + d);
