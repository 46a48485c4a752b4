import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariables } from '../../core/contracts/tensors.js';
import type { Adadelta } from '../../core/tensor/adadelta.js';
import { clipByGlobalNorm } from '../../core/tensor/clip.js';

/**
 * One optimizer update with global-norm clipping (`clipNorm` 0 = off; `globalNorm` as the NaN
 * guard measured it). The caller keeps ownership of `grads`; clipped copies are disposed here.
 */
export function clippedUpdate(
  optimizer: Adadelta,
  variables: NamedVariables,
  grads: Record<string, tf.Tensor>,
  globalNorm: number,
  clipNorm: number,
): void {
  const clipped = clipByGlobalNorm(grads, globalNorm, clipNorm);
  optimizer.apply(variables, clipped);
  if (clipped !== grads) tf.dispose(Object.values(clipped));
}
