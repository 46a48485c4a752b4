import type * as tf from '@tensorflow/tfjs';
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
}
