import * as tf from '@tensorflow/tfjs-core';
import type { DecodeOptions, Decoder, DecoderOutput, DecoderSpec, DecoderTargets } from '../../../core/contracts/decoder.js';
import type { NamedVariables } from '../../../core/contracts/tensors.js';
import { TopiclensError } from '../../../core/errors.js';
import { dense } from '../../../core/tensor/matmul.js';
import { embeddingLookup } from '../../../core/tensor/embedding.js';
import { glorotUniform, orthogonalGates, variableFrom, zerosVariable } from '../../../core/tensor/init.js';
import { lstmBias } from '../../../core/tensor/lstm.js';
import { seededDropout } from '../../../core/tensor/dropout.js';
import { Rng } from '../../../core/tensor/rng.js';
import { RecurrentProduct } from '../../../core/tensor/recurrent-product.js';
import { decoderStep, initialState, outputLogits, stepContext, type StepOut } from './step.js';
import { beamSearch } from './beam.js';
import type { AttentionLstmOptions } from './schema.js';
import { logSoftmax } from '../../../core/tensor/log-softmax.js';

export interface CaptionSpec {
  vocabularySize: number;
  bosId: number;
  eosId: number;
  padId: number;
}

/**
 * The attentive LSTM caption decoder of Eq. 3–7 (soft temporal attention, c_0/h_0 from the mean
 * encoding, input [E y_{t−1}, φ_t], output softmax(W_p [h_t, φ_t, E y_{t−1}] + b_p)), trained
 * with teacher forcing and a masked NLL; greedy and beam-search decoding.
 */
/** Logits, and the attention weights when asked (time-major from `forward`, batch-major from `teacherForced`). */
type DecoderLogits = { logits: tf.Tensor3D; alphas?: tf.Tensor3D };

export class AttentionLstmDecoder implements Decoder {
  readonly task = 'caption' as const;
  private vars: NamedVariables | null = null;
  private encodedDim = 0;
  private spec: CaptionSpec | null = null;
  private readonly rng: Rng;

  constructor(
    readonly options: AttentionLstmOptions,
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  get captionSpec(): CaptionSpec {
    if (!this.spec) throw new TopiclensError('attention-lstm decoder used before build(encodedDim, spec).');
    return this.spec;
  }

  build(encodedDim: number, spec: DecoderSpec): void {
    const { vocabularySize, bosId, eosId, padId } = spec;
    if (!vocabularySize || bosId === undefined || eosId === undefined || padId === undefined) {
      throw new TopiclensError(
        `attention-lstm decoder needs vocabularySize, bosId, eosId and padId in its spec; got ${JSON.stringify(spec)}.`,
      );
    }
    for (const [k, id] of Object.entries({ bosId, eosId, padId })) {
      if (!Number.isInteger(id) || id < 0 || id >= vocabularySize)
        throw new TopiclensError(`attention-lstm decoder: ${k} ${id} is outside the vocabulary 0..${vocabularySize - 1}.`);
    }
    if (this.vars) {
      if (encodedDim !== this.encodedDim || vocabularySize !== this.spec!.vocabularySize) {
        throw new TopiclensError(
          `attention-lstm decoder was built for ${this.encodedDim}-d encodings and ${this.spec!.vocabularySize} words, not ${encodedDim}/${vocabularySize}; build a new decoder.`,
        );
      }
      return;
    }
    const { units: H, attentionUnits: A, embeddingSize: E, initHidden, forgetBias } = this.options;
    const D = encodedDim;
    const Vs = vocabularySize;
    const r = this.rng.fork('init');
    const glorot = (shape: [number, number]) => variableFrom(glorotUniform(shape, r), shape);
    const vars: NamedVariables = { embedding: glorot([Vs, E]) };
    for (const p of ['init/h', 'init/c']) {
      if (initHidden > 0) {
        vars[`${p}/hidden/kernel`] = glorot([D, initHidden]);
        vars[`${p}/hidden/bias`] = zerosVariable([initHidden]);
      }
      vars[`${p}/kernel`] = glorot([initHidden > 0 ? initHidden : D, H]);
      vars[`${p}/bias`] = zerosVariable([H]);
    }
    vars['att/U'] = glorot([H, A]);
    vars['att/T'] = glorot([D, A]);
    vars['att/b'] = zerosVariable([A]);
    vars['att/w'] = glorot([A, 1]);
    vars['lstm/inputKernel'] = glorot([E, 4 * H]);
    // rows: [φ (D) ; h (H)] → gates; the recurrent block orthogonal per gate
    const kernel = new Float32Array((D + H) * 4 * H);
    kernel.set(glorotUniform([D, 4 * H], r), 0);
    kernel.set(orthogonalGates(H, 4, r), D * 4 * H);
    vars['lstm/kernel'] = variableFrom(kernel, [D + H, 4 * H]);
    vars['lstm/bias'] = variableFrom(lstmBias(H, forgetBias), [4 * H]);
    vars['out/kernel'] = glorot([H + D + E, Vs]);
    vars['out/bias'] = zerosVariable([Vs]);
    this.vars = vars;
    this.encodedDim = D;
    this.spec = { vocabularySize: Vs, bosId, eosId, padId };
  }

  variables(): NamedVariables {
    if (!this.vars) throw new TopiclensError('attention-lstm decoder: variables() asked before build(encodedDim, spec).');
    return this.vars;
  }

  getRandomState(): number {
    return this.rng.getState();
  }

  setRandomState(state: number): void {
    this.rng.setState(state);
  }

  private check(encoded: tf.Tensor3D): void {
    this.variables();
    if (encoded.rank !== 3 || encoded.shape[2] !== this.encodedDim) {
      throw new TopiclensError(`attention-lstm decoder expects encodings [batch, n, ${this.encodedDim}] but got [${encoded.shape}].`);
    }
  }

  /**
   * Teacher-forced recurrence, time-major: the output-layer inputs [h_t, φ_t, E y_{t−1}]
   * `[T, B, H+D+E]` for targets `tokensTB` `[T, B]` (inputs are <bos> then the targets shifted
   * by one), and the attention weights `[T, B, n]` when asked.
   * Time-major keeps every per-step slice contiguous (wasm copies strided slices slowly).
   */
  features(
    encoded: tf.Tensor3D,
    tokensTB: tf.Tensor2D,
    _training: boolean,
    withAttention = false,
  ): { feats: tf.Tensor3D; alphas?: tf.Tensor3D } {
    this.check(encoded);
    const vars = this.vars!;
    const { bosId } = this.spec!;
    const [T, B] = tokensTB.shape;
    if (encoded.shape[0] !== B) throw new TopiclensError(`attention-lstm decoder: ${encoded.shape[0]} encodings but ${B} caption rows.`);
    return tf.tidy(() => {
      const ctx = stepContext(vars, encoded);
      let { h, c } = initialState(vars, encoded, this.options.initHidden);
      // Anchored before the first step: the LSTM kernel's gradient is one product, made after every step's (RecurrentProduct).
      const gates = new RecurrentProduct(ctx.W, ctx.WT);
      h = gates.anchor(h);
      const prev = tf.concat([tf.fill([1, B], bosId, 'int32'), tf.slice(tf.cast(tokensTB, 'int32'), [0, 0], [T - 1, B])], 0);
      const emb = embeddingLookup(vars.embedding as tf.Tensor2D, prev) as tf.Tensor3D;
      // Embedding part of every step's LSTM input in one product: [T, B, 4H].
      const xe = tf.unstack(dense(emb, vars['lstm/inputKernel'] as tf.Tensor2D, vars['lstm/bias'] as tf.Tensor1D), 0) as tf.Tensor2D[];
      const hs: tf.Tensor2D[] = [];
      const phis: tf.Tensor2D[] = [];
      const alphas: tf.Tensor2D[] = [];
      for (let t = 0; t < T; t++) {
        const hPrev = h;
        const cPrev = c;
        const out: StepOut = tf.tidy(() => decoderStep(ctx, xe[t]!, hPrev, cPrev, gates));
        ({ h, c } = out);
        hs.push(out.h);
        phis.push(out.phi);
        if (withAttention) alphas.push(out.alpha);
      }
      const feats = tf.concat([tf.stack(hs, 0), tf.stack(phis, 0), emb], 2) as tf.Tensor3D;
      return withAttention ? { feats, alphas: tf.stack(alphas, 0) as tf.Tensor3D } : { feats };
    });
  }

  /** `features` followed by the output layer: logits `[T, B, V]`. */
  forward(encoded: tf.Tensor3D, tokensTB: tf.Tensor2D, training: boolean, withAttention = false): DecoderLogits {
    return tf.tidy(() => {
      const r = this.features(encoded, tokensTB, training, withAttention);
      const feats = training ? seededDropout(r.feats, this.options.dropout, this.rng) : r.feats;
      const logits = outputLogits(this.vars!, feats) as tf.Tensor3D;
      return r.alphas ? { logits, alphas: r.alphas } : { logits };
    });
  }

  /** Batch-major view of `forward` for inspection: logits `[B, T, V]`, attention `[B, T, n]`. */
  teacherForced(encoded: tf.Tensor3D, tokens: tf.Tensor2D, training: boolean, withAttention = false): DecoderLogits {
    return tf.tidy(() => {
      const r = this.forward(encoded, tf.transpose(tokens), training, withAttention);
      const logits = tf.transpose(r.logits, [1, 0, 2]) as tf.Tensor3D;
      return r.alphas ? { logits, alphas: tf.transpose(r.alphas, [1, 0, 2]) as tf.Tensor3D } : { logits };
    });
  }

  /** Masked NLL (Eq. 7); normalisation per `options.normalization` (default: per caption). */
  loss(encoded: tf.Tensor3D, targets: DecoderTargets, training: boolean): tf.Scalar {
    if (targets.kind !== 'caption')
      throw new TopiclensError(
        `attention-lstm is a caption decoder; it got "${targets.kind}" targets. Use a classifier decoder for labels.`,
      );
    const { tokens, mask } = targets;
    if (tokens.shape.join() !== mask.shape.join())
      throw new TopiclensError(`caption tokens [${tokens.shape}] and mask [${mask.shape}] differ in shape.`);
    return tf.tidy(() => {
      const [B, T] = tokens.shape;
      const tokensTB = tf.transpose(tokens) as tf.Tensor2D;
      const maskTB = tf.transpose(mask);
      const { feats } = this.features(encoded, tokensTB, training);
      // The output layer (the largest product) only for real tokens: rows where mask > 0, in
      // [T·B] order. The mask is input data (one small read); the row gather's gradient is a
      // scatter-add (no UnsortedSegmentSum).
      const m = maskTB.dataSync();
      const rows: number[] = [];
      for (let i = 0; i < m.length; i++) if (m[i]! > 0) rows.push(i);
      const denom =
        this.options.normalization === 'token'
          ? Math.max(
              1,
              (Array.from(m) as number[]).reduce((a, b) => a + b, 0),
            )
          : B;
      if (!rows.length) return tf.mul(tf.sum(feats), 0) as tf.Scalar;
      const idx = tf.tensor1d(rows, 'int32');
      let sel = embeddingLookup(tf.reshape(feats, [T * B, -1]) as tf.Tensor2D, idx) as tf.Tensor2D;
      if (training) sel = seededDropout(sel, this.options.dropout, this.rng);
      const logp = logSoftmax(outputLogits(this.vars!, sel) as tf.Tensor2D);
      const targets = tf.gather(tf.reshape(tf.cast(tokensTB, 'int32'), [-1]), idx);
      const weights = tf.gather(tf.reshape(maskTB, [-1]), idx);
      const nll = tf.neg(tf.sum(tf.mul(logp, tf.oneHot(targets, this.spec!.vocabularySize)), 1));
      return tf.div(tf.sum(tf.mul(nll, weights)), denom) as tf.Scalar;
    });
  }

  /** Attention weights `[B, T, n]` under teacher forcing (for inspection and tests). */
  attention(encoded: tf.Tensor3D, tokens: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => this.teacherForced(encoded, tokens, false, true).alphas!);
  }

  async decode(encoded: tf.Tensor3D, options: DecodeOptions = {}): Promise<DecoderOutput> {
    this.check(encoded);
    const beam = options.beam ?? this.options.beam;
    const maxLength = options.maxLength ?? this.options.maxLength;
    if (!Number.isInteger(beam) || beam < 1) throw new TopiclensError(`beam must be a positive integer, got ${beam}.`);
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new TopiclensError(`maxLength must be a positive integer, got ${maxLength}.`);
    const r =
      beam === 1 ? await this.greedy(encoded, maxLength) : await beamSearch(this, encoded, beam, maxLength, this.options.lengthPenalty);
    return { kind: 'caption', ...r };
  }

  /**
   * Greedy decoding, entirely on the device: `maxLength` steps, one read at the end. A caption
   * ends at its first <eos> (excluded from the sequence, included in the log-probability).
   */
  async greedy(encoded: tf.Tensor3D, maxLength: number): Promise<{ sequences: number[][]; logProbs: number[] }> {
    const vars = this.variables();
    const { bosId, eosId } = this.spec!;
    const B = encoded.shape[0];
    const [toks, lps] = tf.tidy(() => {
      const ctx = stepContext(vars, encoded);
      let { h, c } = initialState(vars, encoded, this.options.initHidden);
      let prev: tf.Tensor1D = tf.fill([B], bosId, 'int32');
      const ts: tf.Tensor1D[] = [];
      const ls: tf.Tensor1D[] = [];
      for (let t = 0; t < maxLength; t++) {
        const hPrev = h;
        const cPrev = c;
        const prevIds = prev;
        const s = tf.tidy(() => {
          const logp = this.stepLogProbs(ctx, prevIds, hPrev, cPrev);
          return { h: logp.h, c: logp.c, tok: tf.argMax(logp.logp, 1) as tf.Tensor1D, lp: tf.max(logp.logp, 1) as tf.Tensor1D };
        });
        ({ h, c } = s);
        prev = s.tok;
        ts.push(s.tok);
        ls.push(s.lp);
      }
      return [tf.stack(ts, 1), tf.stack(ls, 1)];
    });
    const [tokData, lpData] = await Promise.all([toks.data(), lpData_(lps)]);
    tf.dispose([toks, lps]);
    const sequences: number[][] = [];
    const logProbs: number[] = [];
    for (let b = 0; b < B; b++) {
      const seq: number[] = [];
      let lp = 0;
      for (let t = 0; t < maxLength; t++) {
        const tok = tokData[b * maxLength + t]!;
        lp += lpData[b * maxLength + t]!;
        if (tok === eosId) break;
        seq.push(tok);
      }
      sequences.push(seq);
      logProbs.push(lp);
    }
    return { sequences, logProbs };
  }

  /** Log-probabilities of the next word for previous words `prev` `[R]` and states `[R, H]`. */
  stepLogProbs(
    ctx: ReturnType<typeof stepContext>,
    prev: tf.Tensor1D,
    h: tf.Tensor2D,
    c: tf.Tensor2D,
  ): { logp: tf.Tensor2D; h: tf.Tensor2D; c: tf.Tensor2D } {
    const vars = this.vars!;
    const emb = tf.gather(vars.embedding as tf.Tensor2D, prev) as tf.Tensor2D;
    const xe = dense(emb, vars['lstm/inputKernel'] as tf.Tensor2D, vars['lstm/bias'] as tf.Tensor1D) as tf.Tensor2D;
    const out = decoderStep(ctx, xe, h, c);
    const logits = outputLogits(vars, tf.concat([out.h, out.phi, emb], 1)) as tf.Tensor2D;
    return { logp: logSoftmax(logits), h: out.h, c: out.c };
  }

  /** Internals for beam search. */
  initial(encoded: tf.Tensor3D): { h: tf.Tensor2D; c: tf.Tensor2D } {
    return initialState(this.variables(), encoded, this.options.initHidden);
  }

  context(encoded: tf.Tensor3D): ReturnType<typeof stepContext> {
    return stepContext(this.variables(), encoded);
  }
}

const lpData_ = (t: tf.Tensor): Promise<Float32Array> => t.data() as Promise<Float32Array>;
