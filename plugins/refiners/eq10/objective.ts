import * as tf from '@tensorflow/tfjs';
import type { Encoder } from '../../../core/contracts/encoder.js';
import type { NamedVariables } from '../../../core/contracts/tensors.js';

/**
 * The two terms of Eq. 10, as tensors (call inside tf.tidy / variableGrads):
 *   ‖v' − v*‖²  — summed over every frame i and neuron j of the encoder's output v'_i;
 *   ‖θ' − θ‖²  — summed over every element of every encoder variable.
 */
export function targetDistance(encoder: Encoder, frames: tf.Tensor3D, target: tf.Tensor3D): tf.Scalar {
  return tf.sum(tf.squaredDifference(encoder.apply(frames, false), target));
}

export function parameterDrift(variables: NamedVariables, theta0: Record<string, tf.Tensor>): tf.Scalar {
  const terms = Object.keys(variables).map((n) => tf.sum(tf.squaredDifference(variables[n]!, theta0[n]!)));
  return (terms.length === 1 ? terms[0]! : tf.addN(terms)) as tf.Scalar;
}

/** L_human = ‖v' − v*‖² + μ‖θ' − θ‖² (Eq. 10). */
export function eq10Loss(encoder: Encoder, frames: tf.Tensor3D, target: tf.Tensor3D, theta0: Record<string, tf.Tensor>, mu: number): tf.Scalar {
  const d = targetDistance(encoder, frames, target);
  return mu === 0 ? d : tf.add(d, tf.mul(parameterDrift(encoder.variables(), theta0), mu));
}

/** A copy of every variable's current value (the θ of Eq. 10). The caller disposes them. */
export function snapshot(variables: NamedVariables): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [n, v] of Object.entries(variables)) out[n] = tf.clone(v);
  return out;
}
