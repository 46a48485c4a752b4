import * as tf from '@tensorflow/tfjs-core';
import type { InterpretiveLoss, Readout } from '../../../core/contracts/interpretive-loss.js';
import type { NamedVariables } from '../../../core/contracts/tensors.js';
import { TopiclensError } from '../../../core/errors.js';
import { dense } from '../../../core/tensor/matmul.js';
import { glorotVariable, zerosVariable } from '../../../core/tensor/init.js';
import { seededDropout } from '../../../core/tensor/dropout.js';
import { Rng } from '../../../core/tensor/rng.js';
import type { L2LossOptions } from './schema.js';

const act = (x: tf.Tensor, a: L2LossOptions['activation']): tf.Tensor =>
  a === 'relu' ? tf.relu(x) : a === 'tanh' ? tf.tanh(x) : tf.sigmoid(x);

/**
 * Eq. 8: L_I = ‖f(v̄) − s‖², v̄ = mean_i v_i, f a two-layer perceptron
 * f(x) = out(act(x·w1 + b1)·w2 + b2). Summed over topics, averaged over the batch.
 */
export class L2InterpretiveLoss implements InterpretiveLoss {
  private vars: NamedVariables | null = null;
  private dims: [number, number] = [0, 0];
  private readonly rng: Rng;

  constructor(
    readonly options: L2LossOptions,
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  get lambda(): number {
    return this.options.lambda;
  }

  build(encodedDim: number, numTopics: number): void {
    if (this.vars) {
      if (this.dims[0] !== encodedDim || this.dims[1] !== numTopics)
        throw new TopiclensError(
          `l2 interpretive loss was built for ${this.dims[0]}-d encodings and ${this.dims[1]} topics, not ${encodedDim}/${numTopics}.`,
        );
      return;
    }
    const r = this.rng.fork('init');
    const Hd = this.options.hidden;
    this.vars = {
      'f/w1': glorotVariable([encodedDim, Hd], r),
      'f/b1': zerosVariable([Hd]),
      'f/w2': glorotVariable([Hd, numTopics], r),
      'f/b2': zerosVariable([numTopics]),
    };
    this.dims = [encodedDim, numTopics];
  }

  variables(): NamedVariables {
    if (!this.vars) throw new TopiclensError('l2 interpretive loss: variables() asked before build(encodedDim, numTopics).');
    return this.vars;
  }

  getRandomState(): number {
    return this.rng.getState();
  }

  setRandomState(state: number): void {
    this.rng.setState(state);
  }

  private f(x: tf.Tensor2D): tf.Tensor2D {
    const v = this.variables();
    const hidden = act(dense(x, v['f/w1'] as tf.Tensor2D, v['f/b1'] as tf.Tensor1D), this.options.activation);
    const y = dense(hidden, v['f/w2'] as tf.Tensor2D, v['f/b2'] as tf.Tensor1D);
    return (this.options.output === 'sigmoid' ? tf.sigmoid(y) : y) as tf.Tensor2D;
  }

  loss(encoded: tf.Tensor3D, topicVectors: tf.Tensor2D, training: boolean): tf.Scalar {
    const [D, K] = this.dims;
    this.variables();
    if (encoded.shape[2] !== D)
      throw new TopiclensError(`l2 interpretive loss expects encodings [batch, n, ${D}] but got [${encoded.shape}].`);
    if (topicVectors.shape[1] !== K || topicVectors.shape[0] !== encoded.shape[0])
      throw new TopiclensError(`l2 interpretive loss expects topic vectors [${encoded.shape[0]}, ${K}] but got [${topicVectors.shape}].`);
    return tf.tidy(() => {
      let mean = tf.mean(encoded, 1) as tf.Tensor2D;
      if (training) mean = seededDropout(mean, this.options.dropout, this.rng);
      const err = tf.sub(this.f(mean), topicVectors);
      return tf.div(tf.sum(tf.square(err)), encoded.shape[0]) as tf.Scalar;
    });
  }

  readout(): Readout {
    const v = this.variables();
    return {
      inputDim: this.dims[0],
      outputDim: this.dims[1],
      apply: (meanEncoding) => tf.tidy(() => this.f(meanEncoding)),
      mlp: {
        w1: v['f/w1'] as tf.Tensor2D,
        b1: v['f/b1'] as tf.Tensor1D,
        w2: v['f/w2'] as tf.Tensor2D,
        b2: v['f/b2'] as tf.Tensor1D,
        activation: this.options.activation,
        output: this.options.output,
      },
    };
  }
}
