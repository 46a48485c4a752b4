import * as tf from '@tensorflow/tfjs-core';
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
 * over the batch; option `on: 'frames'` scores every frame's v_i instead; with m > 1 and
 * `align: 'each'` every neuron of J(i) is held to s_i, not only their mean). Unlike a two-layer f, which can read a topic from any mixture of neurons,
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
      if (this.dims[0] !== encodedDim || this.dims[1] !== numTopics)
        throw new TopiclensError(
          `aligned interpretive loss was built for ${this.dims[0]}-d encodings and ${this.dims[1]} topics, not ${encodedDim}/${numTopics}.`,
        );
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
    const [, k] = this.built();
    const stride = this.stride();
    return Array.from({ length: k }, (_, i) => Array.from({ length: this.options.neuronsPerTopic }, (_, r) => i + r * stride));
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

  /** ⌊D/m⌋: block r of topic neurons starts at r·stride (J(i) = {i + r·stride}). */
  private stride(): number {
    return Math.floor(this.built()[0] / this.options.neuronsPerTopic);
  }

  /** scale · x_{J(i)} for each r < m: `m` tensors `[N, K]` (slices, not gather: its gradient has no wasm kernel). */
  private blocks(x: tf.Tensor2D): tf.Tensor2D[] {
    const [, k] = this.built();
    const stride = this.stride();
    return Array.from(
      { length: this.options.neuronsPerTopic },
      (_, r) => tf.mul(tf.slice(x, [0, r * stride], [x.shape[0], k]), this.options.scale) as tf.Tensor2D,
    );
  }

  /** f(x) = the mean of the blocks. */
  private f(x: tf.Tensor2D): tf.Tensor2D {
    const b = this.blocks(x);
    return (b.length === 1 ? b[0]! : tf.div(tf.addN(b), b.length)) as tf.Tensor2D;
  }

  /** Σ over topics (and rows) of the squared error: of f, or of each block averaged over blocks. */
  private sse(x: tf.Tensor2D, s: tf.Tensor2D): tf.Scalar {
    if (this.options.align === 'mean' || this.options.neuronsPerTopic === 1) return tf.sum(tf.square(tf.sub(this.f(x), s)));
    const b = this.blocks(x);
    return tf.div(tf.addN(b.map((blk) => tf.sum(tf.square(tf.sub(blk, s))))), b.length) as tf.Scalar;
  }

  loss(encoded: tf.Tensor3D, topicVectors: tf.Tensor2D, training: boolean): tf.Scalar {
    const [d, k] = this.built();
    if (encoded.shape[2] !== d)
      throw new TopiclensError(`aligned interpretive loss expects encodings [batch, n, ${d}] but got [${encoded.shape}].`);
    if (topicVectors.shape[1] !== k || topicVectors.shape[0] !== encoded.shape[0])
      throw new TopiclensError(
        `aligned interpretive loss expects topic vectors [${encoded.shape[0]}, ${k}] but got [${topicVectors.shape}].`,
      );
    const [b, n] = encoded.shape;
    return tf.tidy(() => {
      if (this.options.on === 'frames') {
        let x = tf.reshape(encoded, [b * n, d]) as tf.Tensor2D;
        if (training) x = seededDropout(x, this.options.dropout, this.rng);
        const s = tf.reshape(tf.tile(tf.reshape(topicVectors, [b, 1, k]), [1, n, 1]), [b * n, k]) as tf.Tensor2D;
        return tf.div(this.sse(x, s), b * n) as tf.Scalar;
      }
      let mean = tf.mean(encoded, 1) as tf.Tensor2D;
      if (training) mean = seededDropout(mean, this.options.dropout, this.rng);
      return tf.div(this.sse(mean, topicVectors), b) as tf.Scalar;
    });
  }

  /**
   * Concept interventions (option `intervention` = p): each (video, topic) pair, with probability p
   * (one seeded draw per pair and step), gets its neurons J(i) replaced by s_i/scale on every frame
   * of what the decoder reads. Where the encoder is wrong about a topic and the captions are right,
   * the decoder is then trained on the topic neurons agreeing with the captions — so it learns to
   * follow them, which is what makes a correction through them (Eq. 10) reach the caption.
   * With `interventionTarget: "caption"` the value is 1/scale where the pair's caption carries
   * the topic and 0 where it does not (`captionTopics`).
   */
  decoderInput(encoded: tf.Tensor3D, topicVectors: tf.Tensor2D, captionTopics?: tf.Tensor2D): tf.Tensor3D {
    const p = this.options.intervention;
    if (!(p > 0)) return encoded;
    const byCaption = this.options.interventionTarget === 'caption';
    if (byCaption && !captionTopics)
      throw new TopiclensError(
        'aligned interpretive loss: interventionTarget "caption" needs the topics each training caption carries, and this training data names no topic words (a topics stage output with topics.json). Set interventionTarget to "video".',
      );
    const target = byCaption ? captionTopics! : topicVectors;
    const [d, k] = this.built();
    const m = this.options.neuronsPerTopic;
    const stride = this.stride();
    const [b] = encoded.shape;
    const seed = this.rng.nextUint32();
    return tf.tidy(() => {
      const pick = tf.cast(tf.less(tf.randomUniform([b, k], 0, 1, 'float32', seed), p), 'float32');
      const value = tf.mul(pick, tf.div(target, this.options.scale));
      // [B, K] → [B, D] at the columns i + r·stride of each block r.
      const spread = (x: tf.Tensor2D) =>
        tf.addN(
          Array.from({ length: m }, (_, r) =>
            tf.pad(x, [
              [0, 0],
              [r * stride, d - r * stride - k],
            ]),
          ),
        ) as tf.Tensor2D;
      const mask = tf.reshape(spread(pick as tf.Tensor2D), [b, 1, d]);
      const set = tf.reshape(spread(value as tf.Tensor2D), [b, 1, d]);
      return tf.add(tf.mul(encoded, tf.sub(1, mask)), set) as tf.Tensor3D;
    });
  }

  readout(): Readout {
    const [d, k] = this.built();
    return { inputDim: d, outputDim: k, apply: (meanEncoding) => tf.tidy(() => this.f(meanEncoding)) };
  }
}
