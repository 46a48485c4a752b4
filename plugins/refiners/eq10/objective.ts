import * as tf from '@tensorflow/tfjs-core';
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

/** The anchor term: mean over anchor clips of ‖v'(a) − v(a)‖² (each summed over frames and neurons), over every group. */
export function anchorDistance(encoder: Encoder, anchors: AnchorTensors): tf.Scalar {
  const total = anchors.groups.reduce((n, g) => n + g.frames.shape[0], 0);
  const sums = anchors.groups.map((g) => targetDistance(encoder, g.frames, g.target));
  return tf.div(sums.length === 1 ? sums[0]! : tf.addN(sums), total);
}

/** Anchor clips in groups of equal length, with their targets (the encodings before refinement). */
export interface AnchorTensors {
  groups: { frames: tf.Tensor3D; target: tf.Tensor3D; kind: 'training' | 'earlier' }[];
  weight: number;
}

/**
 * The anchors one step uses: every earlier-clip group whole, and `batch` clips of each larger
 * training group at the rows `pick(n)` gives (batch 0: every clip). The caller disposes the
 * gathered tensors (call inside tf.tidy).
 */
export function anchorsForStep(anchors: AnchorTensors, batch: number, pick: (n: number) => number[]): AnchorTensors {
  if (batch <= 0) return anchors;
  return {
    weight: anchors.weight,
    groups: anchors.groups.map((g) => {
      if (g.kind !== 'training' || g.frames.shape[0] <= batch) return g;
      const rows = tf.tensor1d(pick(g.frames.shape[0]), 'int32');
      return { kind: g.kind, frames: tf.gather(g.frames, rows), target: tf.gather(g.target, rows) };
    }),
  };
}

/**
 * L_human = ‖v' − v*‖² + μ‖θ' − θ‖² (Eq. 10), plus ν · mean_a ‖v'(a) − v(a)‖² when anchor clips
 * are given (not in the paper: it keeps the correction to the videos that need it).
 */
export function eq10Loss(
  encoder: Encoder,
  frames: tf.Tensor3D,
  target: tf.Tensor3D,
  theta0: Record<string, tf.Tensor>,
  mu: number,
  anchors?: AnchorTensors,
): tf.Scalar {
  let loss = targetDistance(encoder, frames, target);
  if (mu !== 0) loss = tf.add(loss, tf.mul(parameterDrift(encoder.variables(), theta0), mu));
  if (anchors && anchors.weight !== 0 && anchors.groups.length)
    loss = tf.add(loss, tf.mul(anchorDistance(encoder, anchors), anchors.weight));
  return loss;
}

/** A copy of every variable's current value (the θ of Eq. 10). The caller disposes them. */
export function snapshot(variables: NamedVariables): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [n, v] of Object.entries(variables)) out[n] = tf.clone(v);
  return out;
}
