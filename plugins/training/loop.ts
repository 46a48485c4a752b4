import { join } from 'node:path';
import type { Logger } from '../../core/logger.js';
import { Adadelta, type AdadeltaOptions } from '../../core/tensor/adadelta.js';
import { Rng } from '../../core/tensor/rng.js';
import { saveCheckpoint, type TrainerState } from './checkpoint.js';
import { guardDivergence } from './divergence.js';
import { loadModel, partVariables, saveModel, type ModelParts } from './model-io.js';
import { patienceSpent, selectOnValidation } from './model-selection.js';
import { startOrResume, type ResumeWording } from './resume.js';
import { WeightAverage } from './weight-average.js';
import type { EpochReport, TrainResult, Validation } from './types.js';

/** What one optimizer step reports; the loop averages it over the epoch. */
export interface StepLosses {
  task: number;
  interpretive: number;
  total: number;
  gradNorm: number;
}

export interface LoopOptions {
  epochs: number;
  /** Stop after this many epochs without a better validation score (0 = never). */
  patience: number;
  /** After training, load the best epoch's weights back into the parts (when there was validation and a checkpointDir). */
  restoreBest: boolean;
  /** Where `last/` (resumable, written each epoch) and `best/` go; omit for none. */
  checkpointDir?: string;
  adadelta: Required<AdadeltaOptions>;
  /** Seed of the Rng handed to `planEpoch` (checkpointed, so a resume shuffles alike). */
  shuffleSeed: number;
  /** The options that decide the numbers: a checkpoint made with others is refused. */
  fingerprint: Record<string, unknown>;
  /** Divergence guard factor (0 = off) and the settings its error names. */
  divergenceFactor: number;
  settings: string;
  /**
   * Decay of an exponential moving average of the weights (0 or absent = none). With one,
   * validation, `best/` and the final weights are the averages.
   */
  weightAverage?: number;
}

/** The trainer's words in the log and its errors. */
export interface LoopWording extends ResumeWording {
  /** Progress label of an epoch, e.g. `epoch 3/20`. */
  epochLabel(epoch: number, epochs: number): string;
  /** The bar's closing text for an epoch. */
  epochSummary(report: EpochReport): string;
  /** Run-log event that records each epoch's report. */
  epochEvent: string;
  restored(state: TrainerState): string;
}

/** One trainer: its model parts and hooks around the shared loop. `P` is the trainer's batch plan. */
export interface TrainingLoop<P> {
  parts: ModelParts;
  options: LoopOptions;
  wording: LoopWording;
  /** The epoch's batches in order, drawing any shuffling from `rng` (called once at the epoch's start). */
  planEpoch(rng: Rng, epoch: number): P[];
  /** One optimizer step on one planned batch (gradients, NaN guard, clipping, `optimizer.apply`). */
  step(plan: P, at: { step: number; epoch: number; optimizer: Adadelta }): StepLosses;
  /** After each step that passed the divergence guard. */
  afterStep?(step: number, losses: StepLosses): void;
  /** Validation after each epoch: early stopping and model selection maximise its score. */
  validate?(epoch: number): Promise<Validation>;
  /** What `best/` records besides the weights (default: epoch, score and metrics). */
  bestMeta?(epoch: number, validation: Validation): Record<string, unknown>;
  onEpoch?(report: EpochReport): void | Promise<void>;
  logger?: Logger;
}

/** `items` cut into consecutive batches of `size` (the last may be smaller): a planEpoch's usual answer. */
export const inBatches = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, b) => items.slice(b * size, (b + 1) * size));

const defaultBestMeta = (epoch: number, v: Validation) => ({ epoch, score: v.score, metrics: v.metrics ?? {} });

/**
 * The training loop both trainers share: resume from `last/` (fingerprint checked), per epoch the
 * planned steps with the divergence guard, validation with early stopping and `best/`, then an
 * atomic `last/` checkpoint holding everything an exact resume needs (weights, optimizer, shuffling
 * and dropout streams, history); at the end the best weights are restored.
 */
export async function runTrainingLoop<P>(loop: TrainingLoop<P>): Promise<TrainResult> {
  const { parts, options: o, wording, logger } = loop;
  const optimizer = new Adadelta(o.adadelta);
  const rng = new Rng(o.shuffleSeed);
  const lastDir = o.checkpointDir ? join(o.checkpointDir, 'last') : undefined;
  const bestDir = o.checkpointDir ? join(o.checkpointDir, 'best') : undefined;
  const average = o.weightAverage ? new WeightAverage(partVariables(parts), o.weightAverage) : null;
  const { state, resumedFrom } = await startOrResume({
    lastDir,
    parts,
    optimizer,
    rng,
    fingerprint: o.fingerprint,
    wording,
    logger,
    ...(average && lastDir ? { extra: (tensors) => average.load(tensors, lastDir) } : {}),
  });

  let stoppedEarly = patienceSpent(state, o.patience);
  for (let epoch = state.epoch + 1; epoch <= o.epochs && !stoppedEarly; epoch++) {
    const t0 = performance.now();
    const plans = loop.planEpoch(rng, epoch);
    const bar = logger?.progress(wording.epochLabel(epoch, o.epochs), plans.length);
    const sums: StepLosses = { task: 0, interpretive: 0, total: 0, gradNorm: 0 };
    for (const plan of plans) {
      state.step++;
      const r = loop.step(plan, { step: state.step, epoch, optimizer });
      guardDivergence(state, r.total, epoch, o.settings, o.divergenceFactor, lastDir);
      sums.task += r.task;
      sums.interpretive += r.interpretive;
      sums.total += r.total;
      sums.gradNorm += r.gradNorm;
      average?.update(state.step);
      loop.afterStep?.(state.step, r);
      bar?.tick(1, `loss ${r.total.toFixed(3)}`);
    }
    const n = plans.length;
    const report: EpochReport = {
      epoch,
      steps: n,
      taskLoss: sums.task / n,
      interpretiveLoss: sums.interpretive / n,
      totalLoss: sums.total / n,
      gradNorm: sums.gradNorm / n,
      seconds: (performance.now() - t0) / 1000,
      best: false,
    };
    if (loop.validate) {
      average?.swapIn();
      try {
        const validation = await loop.validate(epoch);
        report.validation = validation;
        const { improved, stop } = selectOnValidation(state, epoch, validation, o.patience);
        report.best = improved;
        if (improved && bestDir) await saveModel(bestDir, parts, (loop.bestMeta ?? defaultBestMeta)(epoch, validation));
        stoppedEarly = stop;
      } finally {
        average?.restore();
      }
    }
    bar?.done(wording.epochSummary(report));
    await endEpoch(state, report, rng, parts, optimizer, lastDir, average);
    logger?.record(wording.epochEvent, { ...report });
    await loop.onEpoch?.(report);
  }
  if (o.restoreBest && bestDir && state.bestEpoch !== null && state.bestEpoch !== state.epoch) {
    await loadModel(bestDir, parts);
    logger?.info(wording.restored(state));
  } else average?.commit();
  average?.dispose();
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

/** Close an epoch in `state` (its report, without wall-clock time, joins the history) and write `last/`. */
async function endEpoch(
  state: TrainerState,
  report: EpochReport,
  rng: Rng,
  parts: ModelParts,
  optimizer: Adadelta,
  lastDir: string | undefined,
  average: WeightAverage | null,
): Promise<void> {
  state.epoch = report.epoch;
  state.rngState = rng.getState();
  state.partRandomStates = Object.fromEntries(
    Object.entries(parts).flatMap(([p, part]) => (part.getRandomState ? [[p, part.getRandomState()]] : [])),
  );
  const { seconds: _wallClock, ...saved } = report;
  state.history = [...state.history, saved];
  if (lastDir) await saveCheckpoint(lastDir, parts, optimizer, state, average?.checkpointTensors());
}
