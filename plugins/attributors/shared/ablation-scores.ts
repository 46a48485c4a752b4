import type * as tfjs from '@tensorflow/tfjs-core';
import { hiddenAct, outputAct } from './activations.js';
import type { Readout } from '../../../core/contracts/interpretive-loss.js';
import { reluSplitScores } from './relu-split.js';
import type { CostFn, ScoreFn } from './types.js';

/**
 * Ablation differences [f(x)]_i − [f(x with neuron j set to baseline_j)]_i for every neuron j
 * (baseline zero = Eq. 9's "deactivated").
 *
 * Two-layer f: replacing x_j by b_j changes the first pre-activation by −(x_j − b_j)·w1[j,:]
 * (rank 1), so for a chunk of B videos all ablations are one [B, D+1, H] update and one
 * [B(D+1), H] × [H, U] product, restricted to the U topics present in the chunk. Row 0 of
 * each video is the unablated input, pushed through the same product so that a neuron that
 * changes nothing gets a difference of exactly 0.
 *
 * Without `mlp`: batched forward passes through `readout.apply` on the [B(D+1), D] ablated inputs.
 */
export type AblationAlgorithm = 'auto' | 'dense';

/** `auto`: the relu-split closed form (relu-split.ts) for a relu f, the dense rank-1 update otherwise. */
const useReluSplit = (algorithm: AblationAlgorithm, readout: Readout): boolean =>
  algorithm === 'auto' && readout.mlp?.activation === 'relu';

export function ablationScores(baseline: Float32Array | null, algorithm: AblationAlgorithm = 'auto'): ScoreFn {
  const split = reluSplitScores(baseline);
  return (args) => (useReluSplit(algorithm, args.readout) ? split(args) : denseAblationScores(baseline)(args));
}

function denseAblationScores(baseline: Float32Array | null): ScoreFn {
  return ({ tf, readout, x, rows: b, numNeurons: d, topics }) => {
    const u = topics.length;
    const out = tf.tidy(() => {
      const xt = tf.tensor2d(x, [b, d]);
      const base = baseline ? tf.tensor1d(baseline) : tf.zeros([d]);
      const topicIdx = tf.tensor1d(topics, 'int32');
      let f: tfjs.Tensor; // [B, D+1, U]
      if (readout.mlp) {
        const mlp = readout.mlp;
        const h = mlp.w1.shape[1];
        const z0 = tf.add(tf.matMul(xt, mlp.w1), mlp.b1); // [B, H]
        const delta = tf.sub(xt, base); // [B, D]
        const zAbl = tf.sub(tf.reshape(z0, [b, 1, h]), tf.mul(tf.reshape(delta, [b, d, 1]), tf.reshape(mlp.w1, [1, d, h])));
        const z = tf.concat([tf.reshape(z0, [b, 1, h]), zAbl], 1); // [B, D+1, H]
        const a = tf.reshape(hiddenAct(tf, mlp, z), [b * (d + 1), h]) as tfjs.Tensor2D;
        const w2u = tf.gather(mlp.w2, topicIdx, 1) as tfjs.Tensor2D;
        const b2u = tf.gather(mlp.b2, topicIdx);
        f = tf.reshape(outputAct(tf, mlp, tf.add(tf.matMul(a, w2u), b2u)), [b, d + 1, u]);
      } else {
        const eye = tf.eye(d);
        const keep = tf.sub(1, eye);
        const abl = tf.add(tf.mul(tf.reshape(xt, [b, 1, d]), tf.reshape(keep, [1, d, d])), tf.reshape(tf.mul(eye, base), [1, d, d]));
        const all = tf.concat([tf.reshape(xt, [b, 1, d]), abl], 1); // [B, D+1, D]
        const y = readout.apply(tf.reshape(all, [b * (d + 1), d]) as tfjs.Tensor2D);
        f = tf.reshape(tf.gather(y, topicIdx, 1), [b, d + 1, u]);
      }
      const f0 = tf.slice(f, [0, 0, 0], [b, 1, u]);
      const fj = tf.slice(f, [0, 1, 0], [b, d, u]);
      return tf.sub(f0, fj);
    });
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  };
}

/**
 * Largest buffers per video: relu-split — the [D, U] scores and P's columns; dense — the
 * [D+1, H] update (or [D+1, D] ablated inputs) and the [D+1, U] outputs.
 */
export const ablationCost =
  (algorithm: AblationAlgorithm): CostFn =>
  (d, h, u, readout) =>
    useReluSplit(algorithm, readout) ? 2 * d * u + h * u : (d + 1) * (h > 0 ? h : d) + (d + 1) * u;
