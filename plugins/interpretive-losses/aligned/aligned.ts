import * as tf from '@tensorflow/tfjs';
import type { InterpretiveLoss, Readout } from '../../../core/contracts/interpretive-loss.js';
import type { NamedVariables } from '../../../core/contracts/tensors.js';
import { TopiclensError } from '../../../core/errors.js';
import { seededDropout } from '../../../core/tensor/dropout.js';
import { Rng } from '../../../core/tensor/rng.js';
import type { AlignedLossOptions } from './schema.js';

/**
 * A one-to-one alignment of topics to fixed neurons (the concept-bottleneck idea, Koh et al.
 * 2020, applied to Eq. 8): topic i is read from its own neurons J(i) = {i + r·⌊D/m⌋ : r < m},
 * f_i(v̄) = scale · mean_{j ∈ J(i)} v̄_j, and L_I = ‖f(v̄) − s‖² (summed over topics, averaged
 * over the batch; option `on: 'frames'` scores every frame's v_i instead). Unlike a two-layer f, which can read a topic from any mixture of neurons,
 * nothing but J(i) can lower topic i's error, so the neuron that carries a topic is known before
 * training — and zeroing it removes the topic (Eq. 9's premise): f_i(v̄ with J(i) zeroed) = 0.
 * The stride spreads a topic's neurons over the encoding (for m = 2 and a BiLSTM: one forward
 * and one backward unit). No trainable variables.
 */
export class AlignedInterpretiveLoss implements InterpretiveLoss {
  private dims: [number, number] | null = null;
  private readonly rng: Rng;

  constructor(
    readonly options: AlignedLossOptions,
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  get lambda(): number {
    return this.options.lambda;
  }

  build(encodedDim: number, numTopics: number): void {
    if (this.dims) {
      if (this.dims[0] !== encodedDim || this.dims[1] !== numTopics) throw new TopiclensError(`aligned interpretive loss was built for ${this.dims[0]}-d encodings and ${this.dims[1]} topics, not ${encodedDim}/${numTopics}.`);
      return;
    }
    const m = this.options.neuronsPerTopic;
    if (m * numTopics > encodedDim) {
      throw new TopiclensError(
        `aligned interpretive loss: ${numTopics} topics × ${m} neurons per topic need ${m * numTopics} encoder neurons, but the encoder gives ${encodedDim}. ` +
          'Lower interpretiveLoss.options.neuronsPerTopic or topicModel.options.topics, or widen the encoder.',
        2,
      );
    }
    this.dims = [encodedDim, numTopics];
  }

  /** J(i) of every topic: `[K][m]`. */
  topicNeurons(): number[][] {
    const [d, k] = this.built();
    const m = this.options.neuronsPerTopic;
    const stride = Math.floor(d / m);
    return Array.from({ length: k }, (_, i) => Array.from({ length: m }, (_, r) => i + r * stride));
  }

  variables(): NamedVariables {
    return {};
  }

  getRandomState(): number {
    return this.rng.getState();
  }

  setRandomState(state: number): void {
    this.rng.setState(state);
  }

  private built(): [number, number] {
    if (!this.dims) throw new TopiclensError('aligned interpretive loss: used before build(encodedDim, numTopics).');
    return this.dims;
  }

  /** f(x) for x `[N, D]`: slices (not gather: its gradient has no wasm kernel). */
  private f(x: tf.Tensor2D): tf.Tensor2D {
    const [d, k] = this.built();
    const m = this.options.neuronsPerTopic;
    const stride = Math.floor(d / m);
    const n = x.shape[0];
    const blocks = Array.from({ length: m }, (_, r) => tf.slice(x, [0, r * stride], [n, k]));
    const sum = blocks.length === 1 ? blocks[0]! : tf.addN(blocks);
    return tf.mul(sum, this.options.scale / m) as tf.Tensor2D;
  }

  loss(encoded: tf.Tensor3D, topicVectors: tf.Tensor2D, training: boolean): tf.Scalar {
    const [d, k] = this.built();
    if (encoded.shape[2] !== d) throw new TopiclensError(`aligned interpretive loss expects encodings [batch, n, ${d}] but got [${encoded.shape}].`);
    if (topicVectors.shape[1] !== k || topicVectors.shape[0] !== encoded.shape[0]) throw new TopiclensError(`aligned interpretive loss expects topic vectors [${encoded.shape[0]}, ${k}] but got [${topicVectors.shape}].`);
    const [b, n] = encoded.shape;
    return tf.tidy(() => {
      if (this.options.on === 'frames') {
        let x = tf.reshape(encoded, [b * n, d]) as tf.Tensor2D;
        if (training) x = seededDropout(x, this.options.dropout, this.rng);
        const err = tf.sub(tf.reshape(this.f(x), [b, n, k]), tf.reshape(topicVectors, [b, 1, k]));
        return tf.div(tf.sum(tf.square(err)), b * n) as tf.Scalar;
      }
      let mean = tf.mean(encoded, 1) as tf.Tensor2D;
      if (training) mean = seededDropout(mean, this.options.dropout, this.rng);
      const err = tf.sub(this.f(mean), topicVectors);
      return tf.div(tf.sum(tf.square(err)), b) as tf.Scalar;
    });
  }

  readout(): Readout {
    const [d, k] = this.built();
    return { inputDim: d, outputDim: k, apply: (meanEncoding) => tf.tidy(() => this.f(meanEncoding)) };
  }
}
