import type * as tf from '@tensorflow/tfjs-core';
import type { HasVariables } from './tensors.js';

/** Caption targets: token ids (starting after `<bos>`, ending with `<eos>`, then `<pad>`). */
export interface CaptionTargets {
  kind: 'caption';
  /** `[batch, T]` int32 token ids. */
  tokens: tf.Tensor2D;
  /** `[batch, T]` float32, 1 for real tokens (incl. `<eos>`), 0 for padding. */
  mask: tf.Tensor2D;
}

/** Classification targets. */
export interface LabelTargets {
  kind: 'label';
  /** `[batch]` int32 class indices. */
  labels: tf.Tensor1D;
}

export type DecoderTargets = CaptionTargets | LabelTargets;

export interface DecoderSpec {
  /** Caption decoders: vocabulary size (ids 0..V-1) and the special ids. */
  vocabularySize?: number;
  bosId?: number;
  eosId?: number;
  padId?: number;
  /** Classifiers: number of classes. */
  numClasses?: number;
}

export type DecoderOutput =
  | { kind: 'caption'; sequences: number[][]; logProbs: number[] }
  | { kind: 'label'; probabilities: Float32Array[] };

export interface DecodeOptions {
  /** Beam width for caption decoders; 1 = greedy. */
  beam?: number;
  maxLength?: number;
}

/** Extension point `decoder`: maps encoder features to a task output (captions or classes). */
export interface Decoder extends HasVariables {
  readonly task: 'caption' | 'classification';
  /** Create variables for encodings of size `encodedDim`. */
  build(encodedDim: number, spec: DecoderSpec): void;
  /**
   * Mean task loss over the batch (masked NLL for captions, cross-entropy for labels).
   * `encoded` `[batch, n, encodedDim]`. Call inside tf.tidy / variableGrads; caller owns result.
   */
  loss(encoded: tf.Tensor3D, targets: DecoderTargets, training: boolean): tf.Scalar;
  /** Predictions for `encoded` `[batch, n, encodedDim]`; plain arrays, no tensors escape. */
  decode(encoded: tf.Tensor3D, options?: DecodeOptions): Promise<DecoderOutput>;
}
