import * as tf from '@tensorflow/tfjs-core';

/**
 * Global-norm clipping (Pascanu et al. 2013; tf.clip_by_global_norm): when the joint L2 norm of
 * all gradients exceeds `clipNorm`, every gradient is scaled by clipNorm / norm. `norm` is the
 * already-measured global norm (see checkFinite). Returns new tensors (the caller disposes both
 * sets) or the same ones when no clipping is needed.
 */
export function clipByGlobalNorm(grads: Record<string, tf.Tensor>, norm: number, clipNorm: number): Record<string, tf.Tensor> {
  if (!(clipNorm > 0) || norm <= clipNorm) return grads;
  const scale = clipNorm / norm;
  const out: Record<string, tf.Tensor> = {};
  for (const [n, g] of Object.entries(grads)) out[n] = tf.mul(g, scale);
  return out;
}
