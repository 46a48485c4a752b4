import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariables } from '../../../core/contracts/tensors.js';
import { Adadelta } from '../../../core/tensor/adadelta.js';
import type { Eq10Optimizer } from './schema.js';

/** One optimizer behind one interface: `step(grads)` with grads keyed by the variables' stable names. */
export interface Stepper {
  step(grads: Record<string, tf.Tensor>): void;
  dispose(): void;
}

export function makeStepper(kind: Eq10Optimizer, learningRate: number, variables: NamedVariables): Stepper {
  if (kind === 'adadelta') {
    const opt = new Adadelta({ learningRate });
    return { step: (g) => opt.apply(variables, g), dispose: () => opt.dispose() };
  }
  const opt = kind === 'adam' ? tf.train.adam(learningRate) : tf.train.sgd(learningRate);
  return {
    step: (g) => {
      const byTfName: Record<string, tf.Tensor> = {};
      for (const [n, t] of Object.entries(g)) byTfName[variables[n]!.name] = t;
      opt.applyGradients(byTfName as tf.NamedTensorMap as never);
    },
    dispose: () => opt.dispose(),
  };
}
