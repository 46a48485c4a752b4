import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariables } from '../../core/contracts/tensors.js';
import { TopiclensError } from '../../core/errors.js';

/** Checkpoint keys of the averages: `average/<part>/<variable>`. */
export const AVERAGE_PREFIX = 'average/';

/**
 * An exponential moving average of the model's weights (Polyak averaging) with Adam's bias
 * correction: after step t, a ← d_t·a + (1 − d_t)·w with d_t = 1 − (1 − d) / (1 − dᵗ). That is
 * m_t / (1 − dᵗ) for the plain average m_t = d·m_{t−1} + (1 − d)·w_t started at 0: a_1 = w_1, the
 * initial weights count for nothing, and `decay` sets the horizon (about 1 / (1 − d) steps) from
 * the first step on. Validation, `best/` and the final model use the averages; training goes on
 * from the raw weights.
 */
export class WeightAverage {
  private readonly averages: NamedVariables;
  private held: Record<string, tf.Tensor> | null = null;

  constructor(
    private readonly vars: NamedVariables,
    readonly decay: number,
  ) {
    if (!(decay > 0 && decay < 1)) throw new TopiclensError(`weight average: decay must be in (0, 1) (got ${decay}).`);
    // Unnamed: tfjs names must be unique per process, and a sweep worker trains many runs in one.
    this.averages = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, tf.tidy(() => v.clone().variable(false))]));
  }

  /** The weight of the old average after step `step` (1-based): 0 at step 1, → decay. */
  static decayAt(decay: number, step: number): number {
    return 1 - (1 - decay) / (1 - decay ** step);
  }

  update(step: number): void {
    const d = WeightAverage.decayAt(this.decay, step);
    tf.tidy(() => {
      for (const [k, a] of Object.entries(this.averages)) a.assign(tf.add(tf.mul(a, d), tf.mul(this.vars[k]!, 1 - d)));
    });
  }

  /** Put the averages into the model, keeping the raw weights for `restore`. */
  swapIn(): void {
    if (this.held) throw new TopiclensError('weight average: the averages are already in the model.');
    this.held = Object.fromEntries(Object.entries(this.vars).map(([k, v]) => [k, v.clone()]));
    for (const [k, v] of Object.entries(this.vars)) v.assign(this.averages[k]!);
  }

  /** Put the raw weights back after `swapIn`. */
  restore(): void {
    if (!this.held) throw new TopiclensError('weight average: restore without swapIn.');
    for (const [k, v] of Object.entries(this.vars)) v.assign(this.held[k]!);
    tf.dispose(Object.values(this.held));
    this.held = null;
  }

  /** Leave the averages in the model for good (the end of training). */
  commit(): void {
    for (const [k, v] of Object.entries(this.vars)) v.assign(this.averages[k]!);
  }

  /** The averages under their checkpoint keys (owned by this object: do not dispose). */
  checkpointTensors(): Record<string, tf.Tensor> {
    return Object.fromEntries(Object.entries(this.averages).map(([k, a]) => [`${AVERAGE_PREFIX}${k}`, a]));
  }

  /** Take the averages from checkpoint tensors; every one must be there with its shape. */
  load(tensors: Record<string, tf.Tensor>, where: string): void {
    for (const [k, a] of Object.entries(this.averages)) {
      const t = tensors[`${AVERAGE_PREFIX}${k}`];
      if (!t)
        throw new TopiclensError(
          `${where}: the checkpoint has no weight average for "${k}" (made without train.weightAverage?); delete it to train again.`,
        );
      if (t.shape.join('×') !== a.shape.join('×'))
        throw new TopiclensError(`${where}: weight average "${k}" has shape [${t.shape}], the model [${a.shape}].`);
      a.assign(t);
    }
  }

  dispose(): void {
    if (this.held) tf.dispose(Object.values(this.held));
    tf.dispose(Object.values(this.averages));
  }
}
