import type * as tf from '@tensorflow/tfjs-core';
import { TopiclensError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Adadelta } from '../../core/tensor/adadelta.js';
import type { Rng } from '../../core/tensor/rng.js';
import { loadCheckpoint, type TrainerState } from './checkpoint.js';
import type { ModelParts } from './model-io.js';

/** The trainer's words for a resume (each trainer keeps its own). */
export interface ResumeWording {
  resumed(state: TrainerState): string;
  /** The error when the checkpoint was made with other options than `now`. */
  otherOptions(lastDir: string, saved: Record<string, unknown>, now: Record<string, unknown>): string;
}

/** A fresh trainer state: nothing done, `rng` at its seed. */
export function freshState(rng: Rng, fingerprint: Record<string, unknown>): TrainerState {
  return {
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
}

/**
 * The state to continue from: the checkpoint in `lastDir` when there is one — its weights and
 * optimizer state go into `parts` and `optimizer`, its shuffling state into `rng` — else a fresh
 * state. A checkpoint whose fingerprint (the options that decide the numbers) is not
 * `fingerprint` is refused: resuming it would silently mix two trainings.
 */
export async function startOrResume(args: {
  lastDir?: string;
  parts: ModelParts;
  optimizer: Adadelta;
  rng: Rng;
  fingerprint: Record<string, unknown>;
  wording: ResumeWording;
  logger?: Logger;
  /** Reads what else the checkpoint holds (the weight average). */
  extra?: (tensors: Record<string, tf.Tensor>) => void;
}): Promise<{ state: TrainerState; resumedFrom: number }> {
  const { lastDir, fingerprint, rng } = args;
  const loaded = lastDir ? await loadCheckpoint(lastDir, args.parts, args.optimizer, args.extra) : null;
  if (!lastDir || !loaded) return { state: freshState(rng, fingerprint), resumedFrom: 0 };
  if (JSON.stringify(loaded.fingerprint) !== JSON.stringify(fingerprint))
    throw new TopiclensError(args.wording.otherOptions(lastDir, loaded.fingerprint, fingerprint));
  rng.setState(loaded.rngState);
  args.logger?.info(args.wording.resumed(loaded));
  return { state: loaded, resumedFrom: loaded.epoch };
}
