import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariables } from '../contracts/tensors.js';

/**
 * `tf.variableGrads` over `variables` (in their key order), with the gradients keyed by the
 * caller's stable names instead of tf's variable names. A variable the loss does not reach has
 * no entry. The caller owns `value` and every gradient.
 */
export function namedVariableGrads(f: () => tf.Scalar, variables: NamedVariables): { value: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const names = Object.keys(variables);
  const { value, grads: byTfName } = tf.variableGrads(
    f,
    names.map((n) => variables[n]!),
  );
  const grads: Record<string, tf.Tensor> = {};
  for (const n of names) {
    const g = byTfName[variables[n]!.name];
    if (g) grads[n] = g;
  }
  return { value, grads };
}
