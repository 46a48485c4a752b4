import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from './rng.js';

/**
 * Inverted dropout whose mask comes from `rng` (one uint32 drawn per call), so a seeded,
 * checkpointed Rng makes training reproducible and resumable bit-for-bit.
 */
export function seededDropout<T extends tf.Tensor>(x: T, rate: number, rng: Rng | undefined): T {
  if (!(rate > 0) || !rng) return x;
  const seed = rng.nextUint32();
  return tf.tidy(() => {
    const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), rate), 'float32');
    return tf.mul(x, tf.mul(keep, 1 / (1 - rate))) as T;
  });
}
