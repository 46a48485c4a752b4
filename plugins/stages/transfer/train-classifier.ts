import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Decoder } from '../../../core/contracts/decoder.js';
import type { Encoder } from '../../../core/contracts/encoder.js';
import type { NamedVariables } from '../../../core/contracts/tensors.js';
import { TopiclensError } from '../../../core/errors.js';
import type { Logger } from '../../../core/logger.js';
import { Adadelta } from '../../../core/tensor/adadelta.js';
import { clipByGlobalNorm } from '../../../core/tensor/clip.js';
import { namedVariableGrads } from '../../../core/tensor/grads.js';
import { checkFinite } from '../../../core/tensor/guard.js';
import { Rng, seedFor } from '../../../core/tensor/rng.js';
import { loadCheckpoint, saveCheckpoint, type TrainerState } from '../../training/checkpoint.js';
import { DIVERGENCE_FACTOR, guardDivergence } from '../../training/divergence.js';
import { loadModel, partVariables, saveModel, type ModelParts } from '../../training/model-io.js';
import type { EpochReport } from '../../training/types.js';
import type { LabelSet } from './label-data.js';

export interface ClassifierTrainOptions {
  epochs: number;
  batchSize: number;
  clipNorm: number;
  learningRate: number;
  rho: number;
  epsilon: number;
  patience: number;
  seed: number;
  /** Only the classifier's variables get gradients and updates; the encoder runs in inference mode. */
  freezeEncoder: boolean;
  /** `last/` (resumable, written each epoch) and `best/` go here; omit for none. */
  checkpointDir?: string;
}

export interface TransferModel {
  encoder: Encoder;
  classifier: Decoder;
}

export interface ClassifierTrainResult {
  epochs: EpochReport[];
  completedEpochs: number;
  bestEpoch: number | null;
  bestScore: number | null;
  resumedFrom: number;
}

const ENCODE_BATCH = 64;

/** Mean encoding v̄ of every video of `set` (`[N, D]`, inference mode), computed in batches. */
export function encodeMeans(encoder: Encoder, set: LabelSet): Float32Array {
  const D = encoder.outputDim;
  const out = new Float32Array(set.ids.length * D);
  const { numFrames: n, featureDim: F } = set;
  for (let s = 0; s < set.ids.length; s += ENCODE_BATCH) {
    const chunk = set.ids.slice(s, s + ENCODE_BATCH);
    const host = new Float32Array(chunk.length * n * F);
    chunk.forEach((id, b) => host.set(set.frames(id), b * n * F));
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
      if (out.kind !== 'label') throw new TopiclensError('The transfer stage needs a classification decoder (e.g. "mlp-classifier"); this decoder returns captions.');
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
  predictions.forEach((p, i) => (correct += p === set.labels[i] ? 1 : 0));
  return { accuracy: set.ids.length ? correct / set.ids.length : NaN, correct, total: set.ids.length, predictions };
}

const partsOf = (m: TransferModel): ModelParts => ({ encoder: m.encoder, decoder: m.classifier });

/**
 * Train the classifier (and, unless frozen, the encoder) on `train` with Adadelta: seeded
 * shuffling, global-norm clipping, NaN guard, a checkpoint each epoch (exact resume), and, when
 * `val` has videos, model selection / early stopping on validation accuracy.
 * With a frozen encoder the mean encodings are computed once and only the classifier is updated.
 */
export async function trainClassifier(args: { model: TransferModel; train: LabelSet; val?: LabelSet; options: ClassifierTrainOptions; logger?: Logger }): Promise<ClassifierTrainResult> {
  const { model, train, val, options: o, logger } = args;
  if (!train.ids.length) throw new TopiclensError('The transfer stage found no labelled training videos in the features stage output.');
  const parts = partsOf(model);
  const trainable: NamedVariables = o.freezeEncoder ? partVariables({ decoder: model.classifier }) : partVariables(parts);
  const optimizer = new Adadelta({ rho: o.rho, epsilon: o.epsilon, learningRate: o.learningRate });
  const rng = new Rng(seedFor(o.seed, 'transfer/shuffle'));
  const fingerprint = { seed: o.seed, batchSize: o.batchSize, clipNorm: o.clipNorm, rho: o.rho, epsilon: o.epsilon, learningRate: o.learningRate, freezeEncoder: o.freezeEncoder };
  const lastDir = o.checkpointDir ? join(o.checkpointDir, 'last') : undefined;
  const bestDir = o.checkpointDir ? join(o.checkpointDir, 'best') : undefined;
  let state: TrainerState = { format: 'topiclens-checkpoint/1', epoch: 0, step: 0, rngState: rng.getState(), partRandomStates: {}, bestScore: null, bestEpoch: null, epochsWithoutImprovement: 0, history: [], fingerprint };
  let resumedFrom = 0;
  const settings = `transfer: learningRate ${o.learningRate}, clipNorm ${o.clipNorm}${o.clipNorm === 0 ? ' (no clipping)' : ''}, batchSize ${o.batchSize}, freezeEncoder ${o.freezeEncoder}`;
  if (lastDir) {
    const loaded = await loadCheckpoint(lastDir, parts, optimizer);
    if (loaded) {
      if (JSON.stringify(loaded.fingerprint) !== JSON.stringify(fingerprint)) {
        throw new TopiclensError(`The checkpoint in ${lastDir} was made with other transfer options (${JSON.stringify(loaded.fingerprint)}, now ${JSON.stringify(fingerprint)}); delete it to start over.`);
      }
      state = loaded;
      rng.setState(state.rngState);
      resumedFrom = state.epoch;
      logger?.info(`[transfer] resuming after epoch ${state.epoch}`);
    }
  }

  const D = model.encoder.outputDim;
  const { numFrames: n, featureDim: F } = train;
  const means = o.freezeEncoder ? encodeMeans(model.encoder, train) : undefined;
  let stopped = o.patience > 0 && state.epochsWithoutImprovement >= o.patience;
  for (let epoch = state.epoch + 1; epoch <= o.epochs && !stopped; epoch++) {
    const t0 = performance.now();
    const order = rng.shuffle(train.ids.map((_, i) => i));
    const nBatches = Math.ceil(order.length / o.batchSize);
    const bar = logger?.progress(`transfer epoch ${epoch}/${o.epochs}`, nBatches);
    let lossSum = 0;
    let normSum = 0;
    for (let b = 0; b < nBatches; b++) {
      const idx = order.slice(b * o.batchSize, (b + 1) * o.batchSize);
      const B = idx.length;
      const labels = tf.tensor1d(Int32Array.from(idx, (i) => train.labels[i]!), 'int32');
      let input: tf.Tensor3D;
      if (means) {
        const host = new Float32Array(B * D);
        idx.forEach((i, r) => host.set(means.subarray(i * D, (i + 1) * D), r * D));
        input = tf.tensor3d(host, [B, 1, D]);
      } else {
        const host = new Float32Array(B * n * F);
        idx.forEach((i, r) => host.set(train.frames(train.ids[i]!), r * n * F));
        input = tf.tensor3d(host, [B, n, F]);
      }
      state.step++;
      const { value, grads: named } = namedVariableGrads(() => {
        const V = means ? input : model.encoder.apply(input, true);
        return model.classifier.loss(V, { kind: 'label', labels }, true);
      }, trainable);
      try {
        const report = checkFinite(state.step, { loss: value }, named);
        guardDivergence(state, report.scalars.loss!, epoch, settings, DIVERGENCE_FACTOR, lastDir);
        const clipped = clipByGlobalNorm(named, report.globalNorm, o.clipNorm);
        optimizer.apply(trainable, clipped);
        if (clipped !== named) tf.dispose(Object.values(clipped));
        lossSum += report.scalars.loss!;
        normSum += report.globalNorm;
        bar?.tick(1, `loss ${report.scalars.loss!.toFixed(3)}`);
      } finally {
        tf.dispose([value, input, labels, ...Object.values(named)]);
      }
    }
    const report: EpochReport = { epoch, steps: nBatches, taskLoss: lossSum / nBatches, interpretiveLoss: 0, totalLoss: lossSum / nBatches, gradNorm: normSum / nBatches, best: false };
    if (val?.ids.length) {
      const acc = (await accuracyOf(model, val)).accuracy;
      report.validation = { score: acc, metrics: { accuracy: acc } };
      if (state.bestScore === null || acc > state.bestScore) {
        Object.assign(state, { bestScore: acc, bestEpoch: epoch, epochsWithoutImprovement: 0 });
        report.best = true;
        if (bestDir) await saveModel(bestDir, parts, { epoch, accuracy: acc });
      } else {
        state.epochsWithoutImprovement++;
      }
      if (o.patience > 0 && state.epochsWithoutImprovement >= o.patience) stopped = true;
    }
    report.seconds = (performance.now() - t0) / 1000;
    bar?.done(`loss ${report.taskLoss.toFixed(4)}${report.validation ? ` val acc ${report.validation.score.toFixed(4)}` : ''}`);
    state.epoch = epoch;
    state.rngState = rng.getState();
    state.partRandomStates = Object.fromEntries(Object.entries(parts).flatMap(([p, part]) => (part.getRandomState ? [[p, part.getRandomState()]] : [])));
    const { seconds: _wallClock, ...saved } = report;
    state.history = [...state.history, saved];
    if (lastDir) await saveCheckpoint(lastDir, parts, optimizer, state);
    logger?.record('transfer/epoch', { ...report });
  }
  if (bestDir && state.bestEpoch !== null && state.bestEpoch !== state.epoch) {
    await loadModel(bestDir, parts);
    logger?.info(`[transfer] restored the weights of epoch ${state.bestEpoch} (best validation accuracy ${state.bestScore})`);
  }
  optimizer.dispose();
  return { epochs: state.history, completedEpochs: state.epoch, bestEpoch: state.bestEpoch, bestScore: state.bestScore, resumedFrom };
}
