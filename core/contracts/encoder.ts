import type * as tf from '@tensorflow/tfjs-core';
import type { HasVariables } from './tensors.js';

/** Extension point `encoder`: frame features → per-frame encodings v_1..v_n. */
export interface Encoder extends HasVariables {
  /** D_v, size of each v_i. Known after `build`. */
  readonly outputDim: number;
  /** Create the variables for frame features of size `inputDim`. Idempotent for the same size. */
  build(inputDim: number): void;
  /**
   * `frames` `[batch, n, inputDim]` → `[batch, n, outputDim]`. Call inside tf.tidy; the caller
   * owns the result. `training` turns dropout on.
   */
  apply(frames: tf.Tensor3D, training: boolean): tf.Tensor3D;
  /**
   * Optional: 0/1 masks (per variable name, row-major like the variable) of the parameters that
   * produce the given output neurons directly — e.g. their LSTM units' gate weights and biases.
   * A refiner can then change only what makes those neurons. Neurons with no parameters of their
   * own (e.g. raw features passed through) add nothing.
   */
  parametersOf?(neurons: readonly number[]): Record<string, Float32Array>;
}
