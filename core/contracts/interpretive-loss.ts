import type * as tf from '@tensorflow/tfjs-core';
import type { HasVariables } from './tensors.js';

/** The topic predictor f of Eq. 8, exposed for attributors. */
export interface Readout {
  inputDim: number;
  outputDim: number;
  /** f(v̄): `[N, inputDim]` → `[N, outputDim]`. Call inside tf.tidy; caller owns result. */
  apply(meanEncoding: tf.Tensor2D): tf.Tensor2D;
  /**
   * When f is a two-layer perceptron: f(x) = out(act(x·w1 + b1)·w2 + b2). Lets attributors
   * compute ablations in closed form. Tensors are owned by the loss; do not dispose.
   */
  mlp?: {
    w1: tf.Tensor2D;
    b1: tf.Tensor1D;
    w2: tf.Tensor2D;
    b2: tf.Tensor1D;
    activation: 'relu' | 'tanh' | 'sigmoid';
    output: 'linear' | 'sigmoid';
  };
}

/** Extension point `interpretiveLoss`: L_I of Eq. 8, added to the task loss with weight λ. */
export interface InterpretiveLoss extends HasVariables {
  /** λ of Eq. 2; 0 means the loss is not used (LSTM-B). */
  readonly lambda: number;
  build(encodedDim: number, numTopics: number): void;
  /**
   * Unweighted L_I averaged over the batch. `encoded` `[batch, n, D]`, `topicVectors`
   * `[batch, K]` float32 in {0,1}. Caller owns result.
   */
  loss(encoded: tf.Tensor3D, topicVectors: tf.Tensor2D, training: boolean): tf.Scalar;
  /** f, or null when this loss has none (e.g. `none`). */
  readout(): Readout | null;
  /**
   * Optional: the encodings the decoder reads at a training step, e.g. with some topic neurons
   * set to their target s (concept interventions, so that the decoder learns to trust them).
   * Called inside the step's gradient tape; absent means the decoder reads `encoded` as it is.
   * `captionTopics` `[batch, K]` in {0,1}: which topics each pair's caption carries (given when
   * the run's topics name their words).
   */
  decoderInput?(encoded: tf.Tensor3D, topicVectors: tf.Tensor2D, captionTopics?: tf.Tensor2D): tf.Tensor3D;
}
