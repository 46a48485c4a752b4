import * as tf from '@tensorflow/tfjs-core';
import { hasLstmCellKernel, lstmCellKernel } from './lstm-cell-kernel.js';

/**
 * One LSTM update from the pre-activations `z` `[B, 4H]` (gate order i, f, g, o — all four
 * gates from one product) and the previous cell `c` `[B, H]` (null = zeros):
 *   c' = σ(f)⊙c + σ(i)⊙tanh(g),  h' = σ(o)⊙tanh(c').
 * Returns [h', c']. On wasm one kernel computes it (lstm-cell-kernel.ts: the same bits as the 16
 * kernels of the ops below, which every other backend runs).
 */
export function lstmCell(z: tf.Tensor2D, c: tf.Tensor2D | null): [tf.Tensor2D, tf.Tensor2D] {
  if (hasLstmCellKernel() && z.dtype === 'float32') return lstmCellKernel(z, c ?? tf.zeros([z.shape[0], z.shape[1] / 4]));
  return lstmCellOps(z, c);
}

/** lstmCell as tensor ops (every backend; the reference for the kernel). */
export function lstmCellOps(z: tf.Tensor2D, c: tf.Tensor2D | null): [tf.Tensor2D, tf.Tensor2D] {
  const [i, f, g, o] = tf.split(z, 4, 1) as tf.Tensor2D[];
  const ig = tf.mul(tf.sigmoid(i!), tf.tanh(g!));
  const c2 = (c ? tf.add(tf.mul(tf.sigmoid(f!), c), ig) : ig) as tf.Tensor2D;
  const h2 = tf.mul(tf.sigmoid(o!), tf.tanh(c2)) as tf.Tensor2D;
  return [h2, c2];
}

/** Bias `[4H]` with the forget-gate block set to `forgetBias` (Jozefowicz et al. 2015), the rest 0. */
export function lstmBias(units: number, forgetBias = 1): Float32Array {
  const b = new Float32Array(4 * units);
  b.fill(forgetBias, units, 2 * units);
  return b;
}
