import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariables } from '../contracts/tensors.js';
import { TopiclensError } from '../errors.js';
import { adadeltaUpdate, hasAdadeltaKernel } from './adadelta-kernel.js';

export interface AdadeltaOptions {
  /** Decay of the running averages (Zeiler's ρ). */
  rho?: number;
  /** ε of the update rule. */
  epsilon?: number;
  /** Multiplies the update (1 in Zeiler's paper; PyTorch's `lr`). */
  learningRate?: number;
}

/**
 * Adadelta as published (Zeiler 2012, Algorithm 1), as PyTorch and TensorFlow implement it:
 *
 *   E[g²]  ← ρ·E[g²] + (1−ρ)·g²
 *   Δx     ← −√(E[Δx²] + ε) / √(E[g²] + ε) · g          (uses the NEW E[g²])
 *   E[Δx²] ← ρ·E[Δx²] + (1−ρ)·Δx²
 *   x      ← x + lr·Δx
 *
 * (tfjs' tf.train.adadelta divides by the OLD E[g²]; its first step is plain SGD with lr 1.)
 * State is kept per variable name so it can be saved and restored with the weights. On wasm and
 * cpu each variable's update is one fused pass (adadelta-kernel.ts); elsewhere tensor ops.
 */
export class Adadelta {
  readonly rho: number;
  readonly epsilon: number;
  readonly learningRate: number;
  /** Number of updates applied. */
  step = 0;
  private readonly accGrad = new Map<string, tf.Variable>();
  private readonly accUpdate = new Map<string, tf.Variable>();

  constructor(options: AdadeltaOptions = {}) {
    this.rho = options.rho ?? 0.95;
    this.epsilon = options.epsilon ?? 1e-6;
    this.learningRate = options.learningRate ?? 1;
  }

  /** Apply one update. `grads[name]` is the gradient of `variables[name]`; missing grads are skipped. */
  apply(variables: NamedVariables, grads: Record<string, tf.Tensor>): void {
    const { rho, epsilon, learningRate } = this;
    const fused = hasAdadeltaKernel();
    for (const [name, v] of Object.entries(variables)) {
      const g = grads[name];
      if (!g) continue;
      const eg = this.slot(this.accGrad, name, v);
      const ex = this.slot(this.accUpdate, name, v);
      if (fused && v.dtype === 'float32' && g.dtype === 'float32') {
        tf.tidy(() => {
          const [x2, eg2, ex2] = adadeltaUpdate(v, g, eg, ex, { rho, epsilon, learningRate });
          eg.assign(eg2);
          ex.assign(ex2);
          v.assign(x2);
        });
        continue;
      }
      tf.tidy(() => {
        const newEg = tf.add(tf.mul(eg, rho), tf.mul(tf.square(g), 1 - rho));
        const update = tf.mul(tf.div(tf.sqrt(tf.add(ex, epsilon)), tf.sqrt(tf.add(newEg, epsilon))), g);
        const newEx = tf.add(tf.mul(ex, rho), tf.mul(tf.square(update), 1 - rho));
        eg.assign(newEg);
        ex.assign(newEx);
        v.assign(tf.sub(v, learningRate === 1 ? update : tf.mul(update, learningRate)));
      });
    }
    this.step++;
  }

  private slot(map: Map<string, tf.Variable>, name: string, like: tf.Variable): tf.Variable {
    let s = map.get(name);
    if (!s) {
      s = tf.tidy(() => tf.variable(tf.zerosLike(like), false)); // tidy: the zeros the variable was made from are not kept
      map.set(name, s);
    }
    return s;
  }

  /** The state as named tensors (owned by the optimizer) plus the step counter. */
  getState(): { step: number; tensors: Record<string, tf.Tensor> } {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [n, t] of this.accGrad) tensors[`accGrad/${n}`] = t;
    for (const [n, t] of this.accUpdate) tensors[`accUpdate/${n}`] = t;
    return { step: this.step, tensors };
  }

  /** Restore a state saved by getState (copies the values). */
  setState(state: { step: number; tensors: Record<string, tf.Tensor> }): void {
    this.dispose();
    for (const [key, t] of Object.entries(state.tensors)) {
      const slash = key.indexOf('/');
      const kind = key.slice(0, slash);
      const name = key.slice(slash + 1);
      const map = kind === 'accGrad' ? this.accGrad : kind === 'accUpdate' ? this.accUpdate : undefined;
      if (!map)
        throw new TopiclensError(
          `Adadelta state has an unknown entry "${key}"; expected accGrad/<name> or accUpdate/<name>. The checkpoint was not written by this optimizer.`,
        );
      map.set(
        name,
        tf.tidy(() => tf.variable(tf.clone(t), false)),
      );
    }
    this.step = state.step;
  }

  dispose(): void {
    for (const t of this.accGrad.values()) t.dispose();
    for (const t of this.accUpdate.values()) t.dispose();
    this.accGrad.clear();
    this.accUpdate.clear();
  }
}
