import * as tf from '@tensorflow/tfjs-core';
import { TopiclensError } from '../../core/errors.js';
import type { Adadelta } from '../../core/tensor/adadelta.js';
import { namedVariableGrads } from '../../core/tensor/grads.js';
import { checkFinite, NonFiniteError } from '../../core/tensor/guard.js';
import { seedFor } from '../../core/tensor/rng.js';
import { disposeBatch, epochPairs, makeBatch, type Batch, type Pair } from './batches.js';
import { clippedUpdate } from './clipped-update.js';
import { inBatches, runTrainingLoop, type LoopWording } from './loop.js';
import { partVariables, type ModelParts } from './model-io.js';
import { defaultTrainOptions, type CaptionModel, type TrainArgs, type TrainOptions, type TrainResult } from './types.js';

/** Build the three parts for the data's sizes (idempotent). */
export function buildCaptionModel(model: CaptionModel, data: TrainArgs['data']['train']): void {
  const { encoder, decoder, interpretiveLoss } = model;
  encoder.build(data.featureDim);
  const v = data.vocabulary;
  decoder.build(encoder.outputDim, { vocabularySize: v.size, bosId: v.bosId, eosId: v.eosId, padId: v.padId });
  interpretiveLoss.build(encoder.outputDim, data.numTopics);
}

const partsOf = (m: CaptionModel): ModelParts => ({ encoder: m.encoder, decoder: m.decoder, interpretiveLoss: m.interpretiveLoss });

/**
 * One optimizer step on L = task + λ·L_I (Eq. 2): gradients of every variable, the NaN/Inf guard
 * (one host read: both losses and every gradient's norm), global-norm clipping, Adadelta.
 */
export function trainStep(model: CaptionModel, batch: Batch, optimizer: Adadelta, step: number, clipNorm: number) {
  const parts = partsOf(model);
  const vars = partVariables(parts);
  const lambda = model.interpretiveLoss.lambda;
  let task: tf.Scalar | null = null;
  let interp: tf.Scalar | null = null;
  const { value, grads: named } = namedVariableGrads(() => {
    const V = model.encoder.apply(batch.frames, true);
    const forDecoder = model.interpretiveLoss.decoderInput ? model.interpretiveLoss.decoderInput(V, batch.topics, batch.captionTopics) : V;
    task = tf.keep(model.decoder.loss(forDecoder, batch.targets, true));
    interp = tf.keep(lambda > 0 ? model.interpretiveLoss.loss(V, batch.topics, true) : tf.scalar(0));
    return lambda > 0 ? tf.add(task, tf.mul(interp, lambda)) : tf.add(task, 0);
  }, vars);
  try {
    const report = checkFinite(step, { task: task!, interpretive: interp!, total: value }, named);
    clippedUpdate(optimizer, vars, named, report.globalNorm, clipNorm);
    return {
      task: report.scalars.task!,
      interpretive: report.scalars.interpretive!,
      total: report.scalars.total!,
      gradNorm: report.globalNorm,
    };
  } finally {
    tf.dispose([value, task!, interp!, ...Object.values(named)]);
  }
}

/**
 * Train encoder + decoder + interpretive loss jointly (nanoGPT-style loop): seeded shuffling,
 * padded batches, Adadelta, clipping, NaN/Inf guard, validation and early stopping, and an
 * atomic checkpoint at the end of each epoch from which a killed run resumes bit-for-bit.
 */
export async function trainCaptioner(args: TrainArgs): Promise<TrainResult> {
  const o: TrainOptions = { ...defaultTrainOptions, ...args.options };
  const { model, logger, validate } = args;
  const train = args.data.train;
  if (!train.videos.length) throw new TopiclensError('trainCaptioner: the training set has no videos.');
  if (!(o.batchSize >= 1) || !(o.epochs >= 0))
    throw new TopiclensError(`trainCaptioner: batchSize must be ≥ 1 and epochs ≥ 0 (got ${o.batchSize}, ${o.epochs}).`);
  buildCaptionModel(model, train);
  const settings = `learningRate ${o.learningRate}, clipNorm ${o.clipNorm}${o.clipNorm === 0 ? ' (no clipping)' : ''}, batchSize ${o.batchSize}, Adadelta rho ${o.rho} epsilon ${o.epsilon}`;
  return runTrainingLoop<Pair[]>({
    parts: partsOf(model),
    options: {
      epochs: o.epochs,
      patience: o.patience,
      restoreBest: o.restoreBest,
      checkpointDir: o.checkpointDir,
      adadelta: { rho: o.rho, epsilon: o.epsilon, learningRate: o.learningRate },
      shuffleSeed: seedFor(o.seed, 'trainer/shuffle'),
      fingerprint: {
        seed: o.seed,
        batchSize: o.batchSize,
        captionsPerVideo: o.captionsPerVideo,
        maxTokens: o.maxTokens,
        clipNorm: o.clipNorm,
        rho: o.rho,
        epsilon: o.epsilon,
        learningRate: o.learningRate,
        // Absent when off, so checkpoints made before the option existed still resume.
        ...(o.weightAverage ? { weightAverage: o.weightAverage } : {}),
      },
      ...(o.weightAverage ? { weightAverage: o.weightAverage } : {}),
      divergenceFactor: o.divergenceFactor ?? 0,
      settings,
    },
    wording,
    planEpoch: (rng) => inBatches(epochPairs(train, rng, o.captionsPerVideo), o.batchSize),
    step: (pairs, { step, epoch, optimizer }) => {
      const batch = makeBatch(train, pairs, o.maxTokens);
      try {
        return trainStep(model, batch, optimizer, step, o.clipNorm);
      } catch (e) {
        if (e instanceof NonFiniteError) throw new NonFiniteError(e.step, e.offenders, `epoch ${epoch}; ${settings}`);
        throw e;
      } finally {
        disposeBatch(batch);
      }
    },
    afterStep: (step, r) => {
      args.onStep?.(step, r);
      logger?.scalars?.(step, {
        'step/totalLoss': r.total,
        'step/taskLoss': r.task,
        'step/interpretiveLoss': r.interpretive,
        'step/gradNorm': r.gradNorm,
      });
    },
    ...(validate ? { validate: (epoch: number) => validate(epoch, model) } : {}),
    onEpoch: args.onEpoch,
    logger,
  });
}

const wording: LoopWording = {
  epochLabel: (epoch, epochs) => `epoch ${epoch}/${epochs}`,
  epochSummary: (r) =>
    `task ${r.taskLoss.toFixed(3)} interp ${r.interpretiveLoss.toFixed(4)}${r.validation ? ` val ${r.validation.score.toFixed(4)}` : ''}`,
  epochEvent: 'train/epoch',
  resumed: (state) => `resuming training after epoch ${state.epoch} (step ${state.step})`,
  restored: (state) => `restored the weights of epoch ${state.bestEpoch} (best validation score ${state.bestScore})`,
  otherOptions: (dir, saved, now) =>
    `The checkpoint in ${dir} was made with other training options (${JSON.stringify(saved)}, now ${JSON.stringify(now)}); delete it to start over, or restore the options.`,
};
