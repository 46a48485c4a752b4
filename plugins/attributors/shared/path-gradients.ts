import type * as tfjs from '@tensorflow/tfjs-core';
import { hiddenAct, hiddenActDeriv, outputActDeriv } from './activations.js';
import { jacobian } from './gradients.js';
import type { ScoreFn } from './types.js';

/**
 * Path-weighted gradients × (x − b): score_j,i = (x_j − b_j) · Σ_k w_k ∂[f(b + α_k(x − b))]_i/∂x_j.
 * Integrated gradients is this with quadrature nodes; gradient × input is α = [1], w = [1], b = 0.
 *
 * Two-layer f: ∂f_i/∂x at p = W1 · (act'(z_p) ⊙ W2[:,i] · out'(o_p,i)), and z along the path is
 * linear in α (z_k = z_b + α_k·(x − b)·W1), so the sum over the path is taken in hidden space
 * first: S = Σ_k w_k act'(z_k) ⊗ out'(o_k) ([B, H, U]); then ONE non-transposed [D, H] × [H, pairs]
 * product for the needed (video, topic) pairs only. Without `mlp`: tf.grad at every point.
 */
export function pathGradientScores(alphas: number[], weights: number[], baseline: Float32Array | null): ScoreFn {
  const m = alphas.length;
  return ({ tf, readout, x, rows: b, numNeurons: d, topics, needed }) => {
    const u = topics.length;
    const delta = new Float32Array(b * d);
    for (let r = 0; r < b; r++) for (let j = 0; j < d; j++) delta[r * d + j] = x[r * d + j]! - (baseline ? baseline[j]! : 0);
    const out = new Float32Array(b * d * u);
    if (!readout.mlp) {
      const t = tf.tidy(() => {
        const base = baseline ? tf.tensor1d(baseline) : tf.zeros([d]);
        const dt = tf.tensor2d(delta, [b, d]);
        const points = tf.add(base, tf.mul(tf.reshape(dt, [b, 1, d]), tf.reshape(tf.tensor1d(alphas), [1, m, 1])));
        const j = jacobian(tf, readout, tf.reshape(points, [b * m, d]) as tfjs.Tensor2D, topics);
        const avg = tf.sum(tf.mul(tf.reshape(j, [b, m, d, u]), tf.reshape(tf.tensor1d(weights), [1, m, 1, 1])), 1);
        return tf.mul(avg, tf.reshape(dt, [b, d, 1]));
      });
      out.set(t.dataSync() as Float32Array);
      t.dispose();
      return out;
    }
    const mlp = readout.mlp;
    const h = mlp.w1.shape[1];
    const pairs: number[] = []; // index b·U + u of each needed (row, topic)
    for (let q = 0; q < b * u; q++) if (!needed || needed[q]) pairs.push(q);
    if (pairs.length === 0) return out;
    const r = tf.tidy(() => {
      const topicIdx = tf.tensor1d(topics, 'int32');
      const w2u = tf.gather(mlp.w2, topicIdx, 1) as tfjs.Tensor2D; // [H, U]
      const zb = tf.add(baseline ? tf.matMul(tf.tensor2d(baseline, [1, d]), mlp.w1) : tf.zeros([1, h]), mlp.b1); // [1, H]
      const zd = tf.matMul(tf.tensor2d(delta, [b, d]), mlp.w1); // [B, H]
      const z = tf.add(tf.reshape(zb, [1, 1, h]), tf.mul(tf.reshape(tf.tensor1d(alphas), [1, m, 1]), tf.reshape(zd, [b, 1, h]))); // [B, m, H]
      const o = tf.add(tf.matMul(tf.reshape(hiddenAct(tf, mlp, z), [b * m, h]) as tfjs.Tensor2D, w2u), tf.gather(mlp.b2, topicIdx)); // [B·m, U]
      const od = tf.mul(tf.reshape(outputActDeriv(tf, mlp, o), [b, m, u]), tf.reshape(tf.tensor1d(weights), [1, m, 1])); // [B, m, U]
      const g = hiddenActDeriv(tf, mlp, z) as tfjs.Tensor3D; // [B, m, H]
      const s = tf.matMul(g, od as tfjs.Tensor3D, true, false); // [B, H, U]
      const a = tf.mul(s, tf.reshape(w2u, [1, h, u]));
      const cols = tf.gather(tf.reshape(tf.transpose(a, [1, 0, 2]), [h, b * u]), tf.tensor1d(pairs, 'int32'), 1) as tfjs.Tensor2D; // [H, P]
      return tf.transpose(tf.matMul(mlp.w1, cols)); // [P, D]: each pair's column contiguous
    });
    const rj = r.dataSync() as Float32Array;
    r.dispose();
    pairs.forEach((q, pi) => {
      const row = Math.floor(q / u);
      const ui = q % u;
      for (let j = 0; j < d; j++) out[row * d * u + j * u + ui] = delta[row * d + j]! * rj[pi * d + j]!;
    });
    return out;
  };
}
