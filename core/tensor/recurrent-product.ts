import * as tf from '@tensorflow/tfjs-core';
import { TopiclensError } from '../errors.js';
import { matMulFast, stockProducts, transposedProductsAreFast } from './matmul.js';

/**
 * The product x_t · W of every step of a recurrence, with the weight gradient Σ_t x_tᵀ·dz_t made
 * as ONE product over all steps (as cuDNN's RNN backward does) instead of one thin product
 * (K = batch) and one full-size addition per step: in the decoder's training step, 15 additions
 * of [1024, 2048] and 16 products at a third of MLAS' speed.
 *
 * Use: `const rec = new RecurrentProduct(W, WT)`, `h = rec.anchor(h)` once, then `rec.times(x)`
 * at each step. tfjs walks the tape in reverse order of creation, so the anchor's gradient runs
 * after that of every later `times`: each step records its x_t and dz_t, and the anchor hands W
 * the one product. Each `times` node also reads the anchored tensor (its gradient there is zero),
 * which keeps every step on the tape's path from W even when x_t depends on nothing that is
 * differentiated. Before `anchor` (greedy and beam decoding, which take no gradient) `times` is
 * an ordinary product, and in the benchmarks' stock mode nothing is deferred. `WT`, when given,
 * must equal transpose(W); it feeds only the gradient of x.
 */
export class RecurrentProduct {
  private readonly xs: tf.Tensor2D[] = [];
  private readonly dzs: tf.Tensor2D[] = [];
  private anchored: tf.Tensor | null = null;

  constructor(
    private readonly W: tf.Tensor2D,
    private readonly WT?: tf.Tensor2D,
  ) {}

  /** A copy of `a` whose gradient also carries W's (see the class comment); call once, before the steps. */
  anchor<T extends tf.Tensor>(a: T): T {
    if (stockProducts()) return a;
    if (this.anchored) throw new TopiclensError('RecurrentProduct.anchor was called twice; make one RecurrentProduct per recurrence.');
    const op = tf.customGrad(((x: tf.Tensor, _w: tf.Tensor) => ({
      value: tf.clone(x),
      gradFunc: (dy: tf.Tensor) => [dy, this.weightGradient()],
    })) as unknown as Parameters<typeof tf.customGrad>[0]);
    const anchored = op(a, this.W) as T;
    this.anchored = anchored;
    return anchored;
  }

  /** x · W `[B, cols]` for one step's `x` `[B, rows]`. */
  times(x: tf.Tensor2D): tf.Tensor2D {
    if (!this.anchored) return matMulFast(x, this.W, this.WT);
    const op = tf.customGrad(((xi: tf.Tensor, anchored: tf.Tensor, save: tf.GradSaveFunc) => {
      // Everything the gradient reads must be saved: the forward pass runs in a tidy scope.
      save(this.WT ? [xi, this.WT] : [xi]);
      return {
        value: tf.matMul(xi as tf.Tensor2D, this.W),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [xs, WT] = saved as [tf.Tensor2D, tf.Tensor2D | undefined];
          this.xs.push(xs);
          this.dzs.push(dy as tf.Tensor2D);
          // a fresh zero each time: tfjs disposes an input's gradient when it adds the next one
          return [this.inputGradient(dy as tf.Tensor2D, WT), tf.zerosLike(anchored)];
        },
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    return op(x, this.anchored) as tf.Tensor2D;
  }

  private inputGradient(dz: tf.Tensor2D, WT: tf.Tensor2D | undefined): tf.Tensor2D {
    if (transposedProductsAreFast()) return tf.matMul(dz, this.W, false, true);
    return tf.matMul(dz, WT ?? tf.transpose(this.W));
  }

  private weightGradient(): tf.Tensor2D {
    if (!this.xs.length) return tf.zerosLike(this.W);
    const X = this.xs.length === 1 ? this.xs[0]! : (tf.concat(this.xs, 0) as tf.Tensor2D);
    const DZ = this.dzs.length === 1 ? this.dzs[0]! : (tf.concat(this.dzs, 0) as tf.Tensor2D);
    this.xs.length = 0;
    this.dzs.length = 0;
    return transposedProductsAreFast() ? tf.matMul(X, DZ, true, false) : tf.matMul(tf.transpose(X), DZ);
  }
}
