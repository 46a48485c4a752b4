import * as tf from '@tensorflow/tfjs-core';
import type { Decoder } from '../../../core/contracts/decoder.js';
import type { Encoder } from '../../../core/contracts/encoder.js';
import type { NamedVariables } from '../../../core/contracts/tensors.js';
import { TopiclensError } from '../../../core/errors.js';
import type { Logger } from '../../../core/logger.js';
import { namedVariableGrads } from '../../../core/tensor/grads.js';
import { checkFinite } from '../../../core/tensor/guard.js';
import { seedFor } from '../../../core/tensor/rng.js';
import { clippedUpdate } from '../../training/clipped-update.js';
import { DIVERGENCE_FACTOR } from '../../training/divergence.js';
import { inBatches, runTrainingLoop, type LoopWording } from '../../training/loop.js';
import { partVariables, type ModelParts } from '../../training/model-io.js';
import type { EpochReport, Validation } from '../../training/types.js';
import { accuracyOf, encodeMeans } from './accuracy.js';
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

const partsOf = (m: TransferModel): ModelParts => ({ encoder: m.encoder, decoder: m.classifier });

/**
 * Train the classifier (and, unless frozen, the encoder) on `train` with Adadelta: seeded
 * shuffling, global-norm clipping, NaN guard, a checkpoint each epoch (exact resume), and, when
 * `val` has videos, model selection / early stopping on validation accuracy.
 * With a frozen encoder the mean encodings are computed once and only the classifier is updated.
 */
export async function trainClassifier(args: {
  model: TransferModel;
  train: LabelSet;
  val?: LabelSet;
  options: ClassifierTrainOptions;
  logger?: Logger;
}): Promise<ClassifierTrainResult> {
  const { model, train, val, options: o, logger } = args;
  if (!train.ids.length) throw new TopiclensError('The transfer stage found no labelled training videos in the features stage output.');
  const parts = partsOf(model);
  const trainable: NamedVariables = o.freezeEncoder ? partVariables({ decoder: model.classifier }) : partVariables(parts);
  const input = batchInput(model.encoder, train, o.freezeEncoder);
  const result = await runTrainingLoop<number[]>({
    parts,
    options: {
      epochs: o.epochs,
      patience: o.patience,
      restoreBest: true,
      checkpointDir: o.checkpointDir,
      adadelta: { rho: o.rho, epsilon: o.epsilon, learningRate: o.learningRate },
      shuffleSeed: seedFor(o.seed, 'transfer/shuffle'),
      fingerprint: {
        seed: o.seed,
        batchSize: o.batchSize,
        clipNorm: o.clipNorm,
        rho: o.rho,
        epsilon: o.epsilon,
        learningRate: o.learningRate,
        freezeEncoder: o.freezeEncoder,
      },
      divergenceFactor: DIVERGENCE_FACTOR,
      settings: `transfer: learningRate ${o.learningRate}, clipNorm ${o.clipNorm}${o.clipNorm === 0 ? ' (no clipping)' : ''}, batchSize ${o.batchSize}, freezeEncoder ${o.freezeEncoder}`,
    },
    wording,
    planEpoch: (rng) => inBatches(rng.shuffle(train.ids.map((_, i) => i)), o.batchSize),
    step: (idx, { step, optimizer }) => {
      const labels = tf.tensor1d(
        Int32Array.from(idx, (i) => train.labels[i]!),
        'int32',
      );
      const x = input.of(idx);
      const { value, grads: named } = namedVariableGrads(() => {
        const V = input.encoded ? x : model.encoder.apply(x, true);
        return model.classifier.loss(V, { kind: 'label', labels }, true);
      }, trainable);
      try {
        const report = checkFinite(step, { loss: value }, named);
        clippedUpdate(optimizer, trainable, named, report.globalNorm, o.clipNorm);
        const loss = report.scalars.loss!;
        return { task: loss, interpretive: 0, total: loss, gradNorm: report.globalNorm };
      } finally {
        tf.dispose([value, x, labels, ...Object.values(named)]);
      }
    },
    ...(val?.ids.length
      ? {
          validate: async () => {
            const acc = (await accuracyOf(model, val)).accuracy;
            return { score: acc, metrics: { accuracy: acc } };
          },
          bestMeta: (epoch: number, v: Validation) => ({ epoch, accuracy: v.score }),
        }
      : {}),
    logger,
  });
  const { epochs, completedEpochs, bestEpoch, bestScore, resumedFrom } = result;
  return { epochs, completedEpochs, bestEpoch, bestScore, resumedFrom };
}

/**
 * The classifier's input for a batch of video indices: with a frozen encoder, the videos' mean
 * encodings as one-frame clips `[B, 1, D]` (computed once, on first use: after a resume has
 * loaded the encoder); otherwise their frames `[B, n, F]`, for the encoder to run in training mode.
 */
function batchInput(encoder: Encoder, set: LabelSet, frozen: boolean): { encoded: boolean; of(idx: number[]): tf.Tensor3D } {
  const { numFrames: n, featureDim: F } = set;
  let means: Float32Array | undefined;
  return {
    encoded: frozen,
    of: (idx) => {
      const B = idx.length;
      if (!frozen) {
        const host = new Float32Array(B * n * F);
        idx.forEach((i, r) => {
          host.set(set.frames(set.ids[i]!), r * n * F);
        });
        return tf.tensor3d(host, [B, n, F]);
      }
      means ??= encodeMeans(encoder, set);
      const D = encoder.outputDim;
      const host = new Float32Array(B * D);
      idx.forEach((i, r) => {
        host.set(means!.subarray(i * D, (i + 1) * D), r * D);
      });
      return tf.tensor3d(host, [B, 1, D]);
    },
  };
}

const wording: LoopWording = {
  epochLabel: (epoch, epochs) => `transfer epoch ${epoch}/${epochs}`,
  epochSummary: (r) => `loss ${r.taskLoss.toFixed(4)}${r.validation ? ` val acc ${r.validation.score.toFixed(4)}` : ''}`,
  epochEvent: 'transfer/epoch',
  resumed: (state) => `[transfer] resuming after epoch ${state.epoch}`,
  restored: (state) => `[transfer] restored the weights of epoch ${state.bestEpoch} (best validation accuracy ${state.bestScore})`,
  otherOptions: (dir, saved, now) =>
    `The checkpoint in ${dir} was made with other transfer options (${JSON.stringify(saved)}, now ${JSON.stringify(now)}); delete it to start over.`,
};
