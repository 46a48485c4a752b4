import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { TopiclensError } from '../../core/errors.js';
import { Adadelta } from '../../core/tensor/adadelta.js';
import { clipByGlobalNorm } from '../../core/tensor/clip.js';
import { namedVariableGrads } from '../../core/tensor/grads.js';
import { checkFinite, NonFiniteError } from '../../core/tensor/guard.js';
import { Rng, seedFor } from '../../core/tensor/rng.js';
import { disposeBatch, epochPairs, makeBatch, type Batch } from './batches.js';
import { loadCheckpoint, saveCheckpoint, type TrainerState } from './checkpoint.js';
import { guardDivergence } from './divergence.js';
import { loadModel, partVariables, saveModel, type ModelParts } from './model-io.js';
import { defaultTrainOptions, type CaptionModel, type EpochReport, type TrainArgs, type TrainOptions, type TrainResult } from './types.js';

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
    const forDecoder = model.interpretiveLoss.decoderInput ? model.interpretiveLoss.decoderInput(V, batch.topics) : V;
    task = tf.keep(model.decoder.loss(forDecoder, batch.targets, true));
    interp = tf.keep(lambda > 0 ? model.interpretiveLoss.loss(V, batch.topics, true) : tf.scalar(0));
    return lambda > 0 ? tf.add(task, tf.mul(interp, lambda)) : tf.add(task, 0);
  }, vars);
  try {
    const report = checkFinite(step, { task: task!, interpretive: interp!, total: value }, named);
    const clipped = clipByGlobalNorm(named, report.globalNorm, clipNorm);
    optimizer.apply(vars, clipped);
    if (clipped !== named) tf.dispose(Object.values(clipped));
    return { task: report.scalars.task!, interpretive: report.scalars.interpretive!, total: report.scalars.total!, gradNorm: report.globalNorm };
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
  const { model, logger } = args;
  const train = args.data.train;
  if (!train.videos.length) throw new TopiclensError('trainCaptioner: the training set has no videos.');
  if (!(o.batchSize >= 1) || !(o.epochs >= 0)) throw new TopiclensError(`trainCaptioner: batchSize must be ≥ 1 and epochs ≥ 0 (got ${o.batchSize}, ${o.epochs}).`);
  buildCaptionModel(model, train);
  const parts = partsOf(model);
  const optimizer = new Adadelta({ rho: o.rho, epsilon: o.epsilon, learningRate: o.learningRate });
  const rng = new Rng(seedFor(o.seed, 'trainer/shuffle'));
  const fingerprint = { seed: o.seed, batchSize: o.batchSize, captionsPerVideo: o.captionsPerVideo, maxTokens: o.maxTokens, clipNorm: o.clipNorm, rho: o.rho, epsilon: o.epsilon, learningRate: o.learningRate };
  const lastDir = o.checkpointDir ? join(o.checkpointDir, 'last') : undefined;
  const bestDir = o.checkpointDir ? join(o.checkpointDir, 'best') : undefined;

  let state: TrainerState = {
    format: 'topiclens-checkpoint/1',
    epoch: 0,
    step: 0,
    rngState: rng.getState(),
    partRandomStates: {},
    bestScore: null,
    bestEpoch: null,
    epochsWithoutImprovement: 0,
    history: [],
    fingerprint,
  };
  let resumedFrom = 0;
  if (lastDir) {
    const loaded = await loadCheckpoint(lastDir, parts, optimizer);
    if (loaded) {
      if (JSON.stringify(loaded.fingerprint) !== JSON.stringify(fingerprint)) {
        throw new TopiclensError(`The checkpoint in ${lastDir} was made with other training options (${JSON.stringify(loaded.fingerprint)}, now ${JSON.stringify(fingerprint)}); delete it to start over, or restore the options.`);
      }
      state = loaded;
      rng.setState(state.rngState);
      resumedFrom = state.epoch;
      logger?.info(`resuming training after epoch ${state.epoch} (step ${state.step})`);
    }
  }

  const settings = `learningRate ${o.learningRate}, clipNorm ${o.clipNorm}${o.clipNorm === 0 ? ' (no clipping)' : ''}, batchSize ${o.batchSize}, Adadelta rho ${o.rho} epsilon ${o.epsilon}`;
  const newReports: EpochReport[] = [];
  let stoppedEarly = o.patience > 0 && state.epochsWithoutImprovement >= o.patience;
  for (let epoch = state.epoch + 1; epoch <= o.epochs && !stoppedEarly; epoch++) {
    const t0 = performance.now();
    const pairs = epochPairs(train, rng, o.captionsPerVideo);
    const nBatches = Math.ceil(pairs.length / o.batchSize);
    const bar = logger?.progress(`epoch ${epoch}/${o.epochs}`, nBatches);
    const sums = { task: 0, interpretive: 0, total: 0, gradNorm: 0 };
    for (let b = 0; b < nBatches; b++) {
      const batch = makeBatch(train, pairs.slice(b * o.batchSize, (b + 1) * o.batchSize), o.maxTokens);
      try {
        state.step++;
        let r: ReturnType<typeof trainStep>;
        try {
          r = trainStep(model, batch, optimizer, state.step, o.clipNorm);
        } catch (e) {
          if (e instanceof NonFiniteError) throw new NonFiniteError(e.step, e.offenders, `epoch ${epoch}; ${settings}`);
          throw e;
        }
        guardDivergence(state, r.total, epoch, settings, o.divergenceFactor ?? 0, lastDir);
        sums.task += r.task;
        sums.interpretive += r.interpretive;
        sums.total += r.total;
        sums.gradNorm += r.gradNorm;
        args.onStep?.(state.step, r);
        logger?.scalars?.(state.step, { 'step/totalLoss': r.total, 'step/taskLoss': r.task, 'step/interpretiveLoss': r.interpretive, 'step/gradNorm': r.gradNorm });
        bar?.tick(1, `loss ${r.total.toFixed(3)}`);
      } finally {
        disposeBatch(batch);
      }
    }
    const report: EpochReport = {
      epoch,
      steps: nBatches,
      taskLoss: sums.task / nBatches,
      interpretiveLoss: sums.interpretive / nBatches,
      totalLoss: sums.total / nBatches,
      gradNorm: sums.gradNorm / nBatches,
      seconds: (performance.now() - t0) / 1000,
      best: false,
    };
    if (args.validate) {
      report.validation = await args.validate(epoch, model);
      const score = report.validation.score;
      if (!Number.isFinite(score)) throw new TopiclensError(`validation after epoch ${epoch} returned a non-finite score (${score}).`);
      if (state.bestScore === null || score > state.bestScore) {
        state.bestScore = score;
        state.bestEpoch = epoch;
        state.epochsWithoutImprovement = 0;
        report.best = true;
        if (bestDir) await saveModel(bestDir, parts, { epoch, score, metrics: report.validation.metrics ?? {} });
      } else {
        state.epochsWithoutImprovement++;
      }
      if (o.patience > 0 && state.epochsWithoutImprovement >= o.patience) stoppedEarly = true;
    }
    bar?.done(`task ${report.taskLoss.toFixed(3)} interp ${report.interpretiveLoss.toFixed(4)}${report.validation ? ` val ${report.validation.score.toFixed(4)}` : ''}`);
    state.epoch = epoch;
    state.rngState = rng.getState();
    state.partRandomStates = Object.fromEntries(Object.entries(parts).flatMap(([p, part]) => (part.getRandomState ? [[p, part.getRandomState()]] : [])));
    const { seconds: _wallClock, ...saved } = report;
    state.history = [...state.history, saved];
    if (lastDir) await saveCheckpoint(lastDir, parts, optimizer, state);
    logger?.record('train/epoch', { ...report });
    newReports.push(report);
    await args.onEpoch?.(report);
  }
  if (o.restoreBest && bestDir && state.bestEpoch !== null && state.bestEpoch !== state.epoch) {
    await loadModel(bestDir, parts);
    logger?.info(`restored the weights of epoch ${state.bestEpoch} (best validation score ${state.bestScore})`);
  }
  optimizer.dispose();
  return {
    epochs: state.history,
    completedEpochs: state.epoch,
    bestEpoch: state.bestEpoch,
    bestScore: state.bestScore,
    stoppedEarly,
    resumedFrom,
  };
}
