import * as tf from '@tensorflow/tfjs-core';
import type { DecodeOptions, Decoder, DecoderOutput, DecoderSpec, DecoderTargets } from '../../../core/contracts/decoder.js';
import type { NamedVariables } from '../../../core/contracts/tensors.js';
import { TopiclensError } from '../../../core/errors.js';
import { seededDropout } from '../../../core/tensor/dropout.js';
import { glorotVariable, zerosVariable } from '../../../core/tensor/init.js';
import { dense } from '../../../core/tensor/matmul.js';
import { Rng } from '../../../core/tensor/rng.js';
import type { MlpClassifierOptions } from './schema.js';
import { logSoftmax } from '../../../core/tensor/log-softmax.js';

const act = (x: tf.Tensor, a: MlpClassifierOptions['activation']): tf.Tensor =>
  a === 'relu' ? tf.relu(x) : a === 'tanh' ? tf.tanh(x) : tf.sigmoid(x);

/**
 * The action-recognition head of Sec. 5 (transfer): a two-layer perceptron on the mean encoding
 * v̄ = mean_i v_i, logits = act(v̄·w1 + b1)·w2 + b2, softmax cross-entropy averaged over the batch.
 */
export class MlpClassifier implements Decoder {
  readonly task = 'classification' as const;
  private vars: NamedVariables | null = null;
  private dims: [number, number] = [0, 0];
  private readonly rng: Rng;

  constructor(
    readonly options: MlpClassifierOptions,
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  get numClasses(): number {
    return this.dims[1];
  }

  build(encodedDim: number, spec: DecoderSpec): void {
    const K = spec.numClasses;
    if (!K || !Number.isInteger(K) || K < 2)
      throw new TopiclensError(`mlp-classifier needs numClasses ≥ 2 in its spec; got ${JSON.stringify(spec)}.`);
    if (this.vars) {
      if (this.dims[0] !== encodedDim || this.dims[1] !== K)
        throw new TopiclensError(
          `mlp-classifier was built for ${this.dims[0]}-d encodings and ${this.dims[1]} classes, not ${encodedDim}/${K}; build a new classifier.`,
        );
      return;
    }
    const r = this.rng.fork('init');
    const H = this.options.hidden;
    this.vars = {
      w1: glorotVariable([encodedDim, H], r),
      b1: zerosVariable([H]),
      w2: glorotVariable([H, K], r),
      b2: zerosVariable([K]),
    };
    this.dims = [encodedDim, K];
  }

  variables(): NamedVariables {
    if (!this.vars) throw new TopiclensError('mlp-classifier: variables() asked before build(encodedDim, {numClasses}).');
    return this.vars;
  }

  getRandomState(): number {
    return this.rng.getState();
  }

  setRandomState(state: number): void {
    this.rng.setState(state);
  }

  /** Logits `[batch, K]` of `encoded` `[batch, n, D]`. */
  logits(encoded: tf.Tensor3D, training: boolean): tf.Tensor2D {
    const v = this.variables();
    if (encoded.rank !== 3 || encoded.shape[2] !== this.dims[0])
      throw new TopiclensError(`mlp-classifier expects encodings [batch, n, ${this.dims[0]}] but got [${encoded.shape}].`);
    return tf.tidy(() => {
      let x = tf.mean(encoded, 1) as tf.Tensor2D;
      if (training) x = seededDropout(x, this.options.dropout, this.rng);
      let h = act(dense(x, v.w1 as tf.Tensor2D, v.b1 as tf.Tensor1D), this.options.activation);
      if (training) h = seededDropout(h, this.options.dropout, this.rng);
      return dense(h, v.w2 as tf.Tensor2D, v.b2 as tf.Tensor1D) as tf.Tensor2D;
    });
  }

  loss(encoded: tf.Tensor3D, targets: DecoderTargets, training: boolean): tf.Scalar {
    if (targets.kind !== 'label')
      throw new TopiclensError(
        `mlp-classifier trains on class labels; it was given "${targets.kind}" targets (use a caption decoder such as attention-lstm for captions).`,
      );
    const B = encoded.shape[0];
    if (targets.labels.shape[0] !== B)
      throw new TopiclensError(`mlp-classifier: ${targets.labels.shape[0]} labels for a batch of ${B} encodings.`);
    return tf.tidy(() => {
      const logits = this.logits(encoded, training);
      const logp = logSoftmax(logits);
      const onehot = tf.oneHot(tf.cast(targets.labels, 'int32'), this.dims[1]);
      return tf.neg(tf.div(tf.sum(tf.mul(onehot, logp)), B)) as tf.Scalar;
    });
  }

  async decode(encoded: tf.Tensor3D, _options?: DecodeOptions): Promise<DecoderOutput> {
    const probs = tf.tidy(() => tf.softmax(this.logits(encoded, false)));
    const flat = (await probs.data()) as Float32Array;
    probs.dispose();
    const K = this.dims[1];
    const probabilities = Array.from({ length: encoded.shape[0] }, (_, b) => flat.slice(b * K, (b + 1) * K));
    return { kind: 'label', probabilities };
  }
}
