import { DivergenceError } from '../../core/tensor/guard.js';
import type { TrainerState } from './checkpoint.js';

/** Times the first step's loss (or 1, whichever is larger) a step's loss may reach before training counts as diverged. */
export const DIVERGENCE_FACTOR = 10;

/**
 * The divergence guard of both trainers: the first step's loss is kept in the trainer state (and
 * so in the checkpoint, guarding a resumed run alike); a later step whose loss exceeds `factor`×
 * it (or `factor` when it was below 1) throws DivergenceError naming the step, the epoch and
 * `settings`. `factor` 0 = off.
 */
export function guardDivergence(
  state: TrainerState,
  loss: number,
  epoch: number,
  settings: string,
  factor = DIVERGENCE_FACTOR,
  lastDir?: string,
): void {
  state.referenceLoss ??= loss;
  const limit = factor * Math.max(state.referenceLoss, 1);
  if (factor > 0 && loss > limit) {
    throw new DivergenceError(
      state.step,
      `training diverged at step ${state.step} (epoch ${epoch}): the total loss is ${loss.toExponential(3)}, over ${factor}× the first step's ${state.referenceLoss.toFixed(4)} ` +
        `(${settings}). Lower the learningRate or set clipNorm (e.g. 5)${lastDir ? `; the last good epoch's checkpoint is in ${lastDir}` : ''}.`,
    );
  }
}
