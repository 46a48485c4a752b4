import type * as tfjs from '@tensorflow/tfjs-core';
import type { Readout } from '../../../core/contracts/interpretive-loss.js';
import { hiddenAct, hiddenActDeriv, outputAct, outputActDeriv } from './activations.js';
import type { TF } from './types.js';

/**
 * ∂[f(p)]_u / ∂p_j for every point p (`[P, D]`) and topic u of `topics`: `[P, D, U]`.
 * Call inside tf.tidy.
 *
 * Two-layer f, closed form: J = W1 · diag(act'(z)) · W2[:, U] · diag(out'(o)), computed for all
 * points as ONE non-transposed [D, H] × [H, P·U] product. Otherwise: tf.grad through
 * `readout.apply`, one pass per topic.
 */
export function jacobian(tf: TF, readout: Readout, points: tfjs.Tensor2D, topics: number[]): tfjs.Tensor3D {
  const [p, d] = points.shape;
  const u = topics.length;
  const topicIdx = tf.tensor1d(topics, 'int32');
  if (readout.mlp) {
    const mlp = readout.mlp;
    const h = mlp.w1.shape[1];
    const z = tf.add(tf.matMul(points, mlp.w1), mlp.b1); // [P, H]
    const w2u = tf.gather(mlp.w2, topicIdx, 1) as tfjs.Tensor2D; // [H, U]
    const o = tf.add(tf.matMul(hiddenAct(tf, mlp, z) as tfjs.Tensor2D, w2u), tf.gather(mlp.b2, topicIdx)); // [P, U]
    const g = hiddenActDeriv(tf, mlp, z); // [P, H]
    const od = outputActDeriv(tf, mlp, o); // [P, U]
    const m = tf.mul(tf.mul(tf.reshape(g, [p, h, 1]), tf.reshape(w2u, [1, h, u])), tf.reshape(od, [p, 1, u])); // [P, H, U]
    const mT = tf.reshape(tf.transpose(m, [1, 0, 2]), [h, p * u]);
    const j = tf.matMul(mlp.w1, mT); // [D, P·U]
    return tf.transpose(tf.reshape(j, [d, p, u]), [1, 0, 2]) as tfjs.Tensor3D;
  }
  const cols = topics.map((topic) => {
    const fn = (q: tfjs.Tensor): tfjs.Tensor => tf.sum(tf.slice(readout.apply(q as tfjs.Tensor2D), [0, topic], [p, 1]));
    return tf.grad(fn)(points); // [P, D]
  });
  return tf.stack(cols, 2) as tfjs.Tensor3D;
}

/** f(p) for the listed topics, `[P, U]` (call inside tf.tidy). */
export function forwardTopics(tf: TF, readout: Readout, points: tfjs.Tensor2D, topics: number[]): tfjs.Tensor2D {
  const topicIdx = tf.tensor1d(topics, 'int32');
  if (readout.mlp) {
    const mlp = readout.mlp;
    const a = hiddenAct(tf, mlp, tf.add(tf.matMul(points, mlp.w1), mlp.b1)) as tfjs.Tensor2D;
    return outputAct(
      tf,
      mlp,
      tf.add(tf.matMul(a, tf.gather(mlp.w2, topicIdx, 1) as tfjs.Tensor2D), tf.gather(mlp.b2, topicIdx)),
    ) as tfjs.Tensor2D;
  }
  return tf.gather(readout.apply(points), topicIdx, 1) as tfjs.Tensor2D;
}
