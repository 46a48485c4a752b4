import * as tf from '@tensorflow/tfjs-core';

let mode: 'fast' | 'stock' = 'fast';
let transposedProductsFast = false;

/** `stock` makes matMulFast a plain tf.matMul (built-in, transposed-product gradient): for benchmarks only. */
export function setMatMulMode(m: 'fast' | 'stock'): void {
  mode = m;
}

/**
 * Set by core/tensor/mlas when the backend's products run on MLAS, which reads transposed
 * operands at full speed: matMulFast is then a plain tf.matMul (tfjs' own gradient, no
 * explicit transposes to make).
 */
export function setTransposedProductsFast(fast: boolean): void {
  transposedProductsFast = fast;
}

/** Whether the backend's products read transposed operands at full speed (MLAS; see setTransposedProductsFast). */
export function transposedProductsAreFast(): boolean {
  return transposedProductsFast;
}

/** Whether matMulFast is in the benchmarks' stock mode. */
export function stockProducts(): boolean {
  return mode === 'stock';
}

/**
 * `transpose(b)` for matMulFast's `bT`, or undefined when products run where transposed operands
 * are as fast as plain ones (matMulFast then ignores `bT`, so making it would be wasted work:
 * 14 ms for the decoder's [1024, 2048] kernel per step).
 */
export function transposeForGradient(b: tf.Tensor2D): tf.Tensor2D | undefined {
  return mode === 'stock' || transposedProductsFast ? undefined : tf.transpose(b);
}

/**
 * `a · b` for 2-D tensors, with a gradient made only of NON-transposed 2-D products and
 * explicit `tf.transpose`s. On the wasm backend XNNPACK runs only such products; tf.matMul's
 * built-in gradient uses transposeA/transposeB, which fall into a ~20× slower scalar loop.
 *
 * `bT`, when given, must equal `transpose(b)`: pass it when `b` (a weight) is multiplied many
 * times in one step (recurrences), so its transpose is made once per step instead of once per
 * product. It only feeds the gradient with respect to `a`; no gradient flows into `bT`.
 */
export function matMulFast(a: tf.Tensor2D, b: tf.Tensor2D, bT?: tf.Tensor2D): tf.Tensor2D {
  if (mode === 'stock' || transposedProductsFast) return tf.matMul(a, b);
  const op = tf.customGrad(((x: tf.Tensor, y: tf.Tensor, save: tf.GradSaveFunc) => {
    const value = tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D);
    // Everything the gradient needs must be saved: the forward pass runs in a tidy scope.
    save(bT ? [x, y, bT] : [x, y]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ys, ysT] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D | undefined];
        const yT = ysT ?? tf.transpose(ys);
        const dx = tf.matMul(dy as tf.Tensor2D, yT);
        const dw = tf.matMul(tf.transpose(xs), dy as tf.Tensor2D);
        return [dx, dw];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(a, b) as tf.Tensor2D;
}

/**
 * `x · w` for `x` `[..., k]` and `w` `[k, m]` → `[..., m]`: reshaped to one 2-D product
 * (never a batched matMul, which wasm runs in a scalar loop).
 */
export function dense(x: tf.Tensor, w: tf.Tensor2D, bias?: tf.Tensor1D, wT?: tf.Tensor2D): tf.Tensor {
  const k = x.shape[x.shape.length - 1]!;
  const lead = x.shape.slice(0, -1);
  const flat = x.rank === 2 ? (x as tf.Tensor2D) : (tf.reshape(x, [-1, k]) as tf.Tensor2D);
  let y: tf.Tensor = matMulFast(flat, w, wT);
  if (bias) y = tf.add(y, bias);
  return x.rank === 2 ? y : tf.reshape(y, [...lead, w.shape[1]]);
}
