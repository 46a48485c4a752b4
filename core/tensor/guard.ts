import * as tf from '@tensorflow/tfjs-core';
import { TopiclensError } from '../errors.js';

/** Thrown when a loss or gradient is NaN/±Inf. Names the step and the offending tensors. */
export class NonFiniteError extends TopiclensError {
  constructor(
    readonly step: number,
    readonly offenders: string[],
    detail: string,
  ) {
    super(
      `non-finite values at training step ${step} in ${offenders.join(', ')}${detail ? ` (${detail})` : ''}. ` +
        'Lower the learning rate or clipNorm, check the input features for NaN, or resume from the last checkpoint.',
    );
    this.name = 'NonFiniteError';
  }
}

/** Thrown when the loss grows far past where training started: the optimizer diverged. */
export class DivergenceError extends TopiclensError {
  constructor(
    readonly step: number,
    message: string,
  ) {
    super(message);
    this.name = 'DivergenceError';
  }
}

export interface GradientReport {
  /** Each named scalar's value (e.g. losses). */
  scalars: Record<string, number>;
  /** Global L2 norm of all gradients (before clipping). */
  globalNorm: number;
}

/**
 * One host read per step: the named scalars and every gradient's squared norm. Throws
 * NonFiniteError naming the offending scalars/gradients when any is NaN or infinite.
 */
export function checkFinite(step: number, scalars: Record<string, tf.Scalar>, grads: Record<string, tf.Tensor>): GradientReport {
  const sNames = Object.keys(scalars);
  const gNames = Object.keys(grads);
  const packed = tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    for (const n of sNames) parts.push(tf.reshape(scalars[n]!, [1]));
    for (const n of gNames) parts.push(tf.reshape(tf.sum(tf.square(grads[n]!)), [1]));
    return tf.concat(parts);
  });
  const values = packed.dataSync();
  packed.dispose();
  const out: Record<string, number> = {};
  const bad: string[] = [];
  sNames.forEach((n, i) => {
    out[n] = values[i]!;
    if (!Number.isFinite(values[i]!)) bad.push(`${n} = ${values[i]}`);
  });
  let sq = 0;
  gNames.forEach((n, i) => {
    const v = values[sNames.length + i]!;
    if (!Number.isFinite(v)) bad.push(`gradient of ${n}`);
    sq += v;
  });
  if (bad.length) throw new NonFiniteError(step, bad, '');
  return { scalars: out, globalNorm: Math.sqrt(sq) };
}

/** Throws NonFiniteError when `t` holds NaN/Inf (a check for values outside training, e.g. inputs). */
export function assertFinite(t: tf.Tensor, name: string, step = -1): void {
  const ok = tf.tidy(() => tf.all(tf.isFinite(t)).dataSync()[0]);
  if (!ok) throw new NonFiniteError(step, [name], '');
}
