import type * as tfjs from '@tensorflow/tfjs-core';
import { auroc } from './auroc.js';

type TF = typeof tfjs;

export interface DecodingOptions {
  /** Full-batch Adam steps. */
  steps: number;
  learningRate: number;
  /** L2 penalty: loss = mean over videos of Σ_topics cross-entropy + (l2 / 2)·‖W‖². */
  l2: number;
}

/**
 * Chosen on the quick run's training videos only (fit on one half, scored on the other): the
 * all-neuron reader's AUROC for l2 = 0.001 / 0.01 / 0.03 / 0.1 / 1 was 0.891 / 0.902 / 0.904 /
 * 0.898 / 0.873, and 50, 100 or 200 steps gave the same figures (converged). At paper scale
 * (N = 1970, D = 512, K = 100) 100 steps take about 3 s on wasm.
 */
export const DECODING_DEFAULTS: DecodingOptions = { steps: 100, learningRate: 0.05, l2: 0.03 };

export interface DecodingScores {
  /** Per topic: eval AUROC of the model reading the topic's own neurons only (null: no own neuron, or a class absent). */
  own: (number | null)[];
  /** Per topic: eval AUROC of the model reading all D neurons (null: a class absent). */
  all: (number | null)[];
}

const rowsOf = (mask: Uint8Array | undefined, n: number): number[] =>
  Array.from({ length: n }, (_, v) => v).filter((v) => !mask || mask[v]);

/**
 * How well a topic can be read off the neurons: L2-regularised logistic regression s_i ~ σ(x·w + b)
 * fitted on the `fitMask` videos (features standardised with their mean and sd), scored by AUROC on
 * the `evalMask` videos. Both readers of all K topics are one product X·[W_all, W_own ⊙ M] over
 * [D, 2K], where M keeps for topic i only its own neurons, so one full-batch loop fits 2K models.
 * Weights start at 0 and biases at the training log-odds, so the fit is deterministic.
 */
export function decodingScores(args: {
  tf: TF;
  features: Float32Array;
  topicVectors: Uint8Array;
  numVideos: number;
  numNeurons: number;
  numTopics: number;
  ownNeurons: readonly (readonly number[])[];
  fitMask?: Uint8Array;
  evalMask?: Uint8Array;
  options?: Partial<DecodingOptions>;
}): DecodingScores {
  const { tf, features, topicVectors, numVideos: n, numNeurons: d, numTopics: k, ownNeurons } = args;
  const o = { ...DECODING_DEFAULTS, ...args.options };
  const fit = rowsOf(args.fitMask, n);
  const ev = rowsOf(args.evalMask, n);
  if (!fit.length || !ev.length) return { own: new Array(k).fill(null), all: new Array(k).fill(null) };

  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const v of fit) for (let j = 0; j < d; j++) mean[j]! += features[v * d + j]! / fit.length;
  for (const v of fit) for (let j = 0; j < d; j++) sd[j]! += (features[v * d + j]! - mean[j]!) ** 2 / fit.length;
  for (let j = 0; j < d; j++) sd[j] = sd[j]! > 1e-12 ? Math.sqrt(sd[j]!) : 1;
  const standardise = (rows: number[]): Float32Array => {
    const x = new Float32Array(rows.length * d);
    rows.forEach((v, r) => {
      for (let j = 0; j < d; j++) x[r * d + j] = (features[v * d + j]! - mean[j]!) / sd[j]!;
    });
    return x;
  };
  const y = new Float32Array(fit.length * 2 * k);
  const positives = new Array<number>(k).fill(0);
  fit.forEach((v, r) => {
    for (let i = 0; i < k; i++) {
      const s = topicVectors[v * k + i]!;
      y[r * 2 * k + i] = s;
      y[r * 2 * k + k + i] = s;
      positives[i]! += s;
    }
  });
  const mask = new Float32Array(d * 2 * k);
  for (let j = 0; j < d; j++) for (let i = 0; i < k; i++) mask[j * 2 * k + i] = 1;
  ownNeurons.forEach((own, i) => {
    for (const j of own) mask[j * 2 * k + k + i] = 1;
  });
  const prior = Float32Array.from({ length: 2 * k }, (_, c) => {
    const p = Math.min(Math.max(positives[c % k]! / fit.length, 1e-3), 1 - 1e-3);
    return Math.log(p / (1 - p));
  });

  const logits = tf.tidy(() => {
    const x = tf.tensor2d(standardise(fit), [fit.length, d]);
    const xt = x.transpose();
    const target = tf.tensor2d(y, [fit.length, 2 * k]);
    const m = tf.tensor2d(mask, [d, 2 * k]);
    let w: tfjs.Tensor = tf.zeros([d, 2 * k]);
    let b: tfjs.Tensor = tf.tensor2d(prior, [1, 2 * k]);
    let mw = tf.zerosLike(w);
    let vw = tf.zerosLike(w);
    let mb = tf.zerosLike(b);
    let vb = tf.zerosLike(b);
    const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
    for (let t = 1; t <= o.steps; t++) {
      const next = tf.tidy(() => {
        const g = tf
          .sigmoid(x.matMul(w.mul(m)).add(b))
          .sub(target)
          .div(fit.length);
        const gw = xt.matMul(g).mul(m).add(w.mul(o.l2));
        const gb = g.sum(0, true);
        const nmw = mw.mul(beta1).add(gw.mul(1 - beta1));
        const nvw = vw.mul(beta2).add(gw.square().mul(1 - beta2));
        const nmb = mb.mul(beta1).add(gb.mul(1 - beta1));
        const nvb = vb.mul(beta2).add(gb.square().mul(1 - beta2));
        const step = (o.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
        return {
          w: w.sub(nmw.mul(step).div(nvw.sqrt().add(eps))),
          b: b.sub(nmb.mul(step).div(nvb.sqrt().add(eps))),
          mw: nmw,
          vw: nvw,
          mb: nmb,
          vb: nvb,
        };
      });
      tf.dispose([w, b, mw, vw, mb, vb]);
      ({ w, b, mw, vw, mb, vb } = next);
    }
    const xe = tf.tensor2d(standardise(ev), [ev.length, d]);
    return xe.matMul(w.mul(m)).add(b);
  });
  const z = logits.dataSync() as Float32Array;
  logits.dispose();

  const column = (c: number): Float32Array => Float32Array.from(ev, (_, r) => z[r * 2 * k + c]!);
  const labels = (i: number): Uint8Array => Uint8Array.from(ev, (v) => topicVectors[v * k + i]!);
  return {
    all: Array.from({ length: k }, (_, i) => auroc(column(i), labels(i))),
    own: Array.from({ length: k }, (_, i) => (ownNeurons[i]?.length ? auroc(column(k + i), labels(i)) : null)),
  };
}
