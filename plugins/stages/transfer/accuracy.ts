import * as tf from '@tensorflow/tfjs-core';
import type { Decoder } from '../../../core/contracts/decoder.js';
import type { Encoder } from '../../../core/contracts/encoder.js';
import { TopiclensError } from '../../../core/errors.js';
import type { LabelSet } from './label-data.js';
import type { TransferModel } from './train-classifier.js';

const ENCODE_BATCH = 64;

/** Mean encoding v̄ of every video of `set` (`[N, D]`, inference mode), computed in batches. */
export function encodeMeans(encoder: Encoder, set: LabelSet): Float32Array {
  const D = encoder.outputDim;
  const out = new Float32Array(set.ids.length * D);
  const { numFrames: n, featureDim: F } = set;
  for (let s = 0; s < set.ids.length; s += ENCODE_BATCH) {
    const chunk = set.ids.slice(s, s + ENCODE_BATCH);
    const host = new Float32Array(chunk.length * n * F);
    chunk.forEach((id, b) => {
      host.set(set.frames(id), b * n * F);
    });
    const mean = tf.tidy(() => tf.mean(encoder.apply(tf.tensor3d(host, [chunk.length, n, F]), false), 1));
    out.set(mean.dataSync(), s * D);
    mean.dispose();
  }
  return out;
}

/** Predicted class of every video from its mean encodings `[N, D]` (the classifier sees each as a one-frame clip). */
export async function classifyMeans(classifier: Decoder, means: Float32Array, N: number, D: number): Promise<Int32Array> {
  const pred = new Int32Array(N);
  for (let s = 0; s < N; s += ENCODE_BATCH) {
    const B = Math.min(ENCODE_BATCH, N - s);
    const x = tf.tensor3d(means.subarray(s * D, (s + B) * D), [B, 1, D]);
    try {
      const out = await classifier.decode(x);
      if (out.kind !== 'label')
        throw new TopiclensError(
          'The transfer stage needs a classification decoder (e.g. "mlp-classifier"); this decoder returns captions.',
        );
      out.probabilities.forEach((p, b) => {
        let best = 0;
        for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
        pred[s + b] = best;
      });
    } finally {
      x.dispose();
    }
  }
  return pred;
}

export interface AccuracyReport {
  accuracy: number;
  correct: number;
  total: number;
  predictions: Int32Array;
}

export async function accuracyOf(model: TransferModel, set: LabelSet): Promise<AccuracyReport> {
  const D = model.encoder.outputDim;
  const predictions = await classifyMeans(model.classifier, encodeMeans(model.encoder, set), set.ids.length, D);
  let correct = 0;
  predictions.forEach((p, i) => {
    correct += p === set.labels[i] ? 1 : 0;
  });
  return { accuracy: set.ids.length ? correct / set.ids.length : NaN, correct, total: set.ids.length, predictions };
}
