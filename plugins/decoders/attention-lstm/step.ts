import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariables } from '../../../core/contracts/tensors.js';
import { dense, matMulFast, transposeForGradient } from '../../../core/tensor/matmul.js';
import { lstmCell } from '../../../core/tensor/lstm.js';
import type { RecurrentProduct } from '../../../core/tensor/recurrent-product.js';

/**
 * Per-batch constants of the recurrence: the encodings, the attention keys T_a·v_i + b_a
 * (computed once per batch), and the transposes of the weights used at every step (made once,
 * so each step's gradient products stay non-transposed; none where transposed products are fast).
 */
export type StepContext = {
  V: tf.Tensor3D;
  keys: tf.Tensor3D;
  U: tf.Tensor2D;
  UT: tf.Tensor2D | undefined;
  w: tf.Tensor2D;
  wT: tf.Tensor2D | undefined;
  W: tf.Tensor2D;
  WT: tf.Tensor2D | undefined;
};

export function stepContext(vars: NamedVariables, V: tf.Tensor3D): StepContext {
  const U = vars['att/U'] as tf.Tensor2D;
  const w = vars['att/w'] as tf.Tensor2D;
  const W = vars['lstm/kernel'] as tf.Tensor2D;
  return {
    V,
    keys: dense(V, vars['att/T'] as tf.Tensor2D, vars['att/b'] as tf.Tensor1D) as tf.Tensor3D,
    U,
    UT: transposeForGradient(U),
    w,
    wT: transposeForGradient(w),
    W,
    WT: transposeForGradient(W),
  };
}

/** Eq. 4: α^t = softmax_i(w_a · tanh(U_a h_{t−1} + T_a v_i + b_a)), `[B, n]`. */
export function attention(ctx: StepContext, h: tf.Tensor2D): tf.Tensor2D {
  const [B, n, A] = ctx.keys.shape;
  const q = matMulFast(h, ctx.U, ctx.UT);
  const e = tf.tanh(tf.add(ctx.keys, tf.expandDims(q, 1)));
  const scores = tf.reshape(matMulFast(tf.reshape(e, [B * n, A]) as tf.Tensor2D, ctx.w, ctx.wT), [B, n]);
  return tf.softmax(scores) as tf.Tensor2D;
}

export type StepOut = {
  h: tf.Tensor2D;
  c: tf.Tensor2D;
  phi: tf.Tensor2D;
  alpha: tf.Tensor2D;
};

/**
 * One decoder step. `xe` `[B, 4H]` is the embedding part of the LSTM input already projected
 * (E y_{t−1}·W_e + b); φ_t (Eq. 3) is a broadcast multiply + sum (faster on wasm than a batched
 * matMul); the gates take [φ_t, h_{t−1}] in one product, through `gates` when given (teacher
 * forcing: the LSTM kernel's gradient is then one product over all steps, see RecurrentProduct).
 */
export function decoderStep(ctx: StepContext, xe: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, gates?: RecurrentProduct): StepOut {
  const alpha = attention(ctx, h);
  const phi = tf.sum(tf.mul(ctx.V, tf.expandDims(alpha, 2)), 1) as tf.Tensor2D;
  const x = tf.concat([phi, h], 1) as tf.Tensor2D;
  const z = tf.add(xe, gates ? gates.times(x) : matMulFast(x, ctx.W, ctx.WT)) as tf.Tensor2D;
  const [h2, c2] = lstmCell(z, c);
  return { h: h2, c: c2, phi, alpha };
}

/** Eq. 5: [c_0; h_0] = f_init(mean_i v_i). */
export function initialState(vars: NamedVariables, V: tf.Tensor3D, initHidden: number): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const vMean = tf.mean(V, 1) as tf.Tensor2D;
  const mlp = (p: string): tf.Tensor2D => {
    let x: tf.Tensor = vMean;
    if (initHidden > 0) x = tf.tanh(dense(x, vars[`${p}/hidden/kernel`] as tf.Tensor2D, vars[`${p}/hidden/bias`] as tf.Tensor1D));
    return tf.tanh(dense(x, vars[`${p}/kernel`] as tf.Tensor2D, vars[`${p}/bias`] as tf.Tensor1D)) as tf.Tensor2D;
  };
  return { h: mlp('init/h'), c: mlp('init/c') };
}

/** Eq. 6 logits: W_p [h_t, φ_t, E y_{t−1}] + b_p for `[..., H+D+E]` features. */
export function outputLogits(vars: NamedVariables, features: tf.Tensor): tf.Tensor {
  return dense(features, vars['out/kernel'] as tf.Tensor2D, vars['out/bias'] as tf.Tensor1D);
}
