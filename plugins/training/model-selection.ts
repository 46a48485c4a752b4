import { TopiclensError } from '../../core/errors.js';
import type { TrainerState } from './checkpoint.js';
import type { Validation } from './types.js';

/**
 * Model selection on the validation score (higher is better): a score above the best so far
 * makes `epoch` the best one and resets the patience count; any other adds one to it. Updates
 * `state`; `improved` says whether to save the best weights, `stop` whether early stopping
 * (`patience` epochs without improvement; 0 = never) ends training.
 */
export function selectOnValidation(
  state: TrainerState,
  epoch: number,
  validation: Validation,
  patience: number,
): { improved: boolean; stop: boolean } {
  const score = validation.score;
  if (!Number.isFinite(score)) throw new TopiclensError(`validation after epoch ${epoch} returned a non-finite score (${score}).`);
  const improved = state.bestScore === null || score > state.bestScore;
  if (improved) {
    state.bestScore = score;
    state.bestEpoch = epoch;
    state.epochsWithoutImprovement = 0;
  } else {
    state.epochsWithoutImprovement++;
  }
  return { improved, stop: patienceSpent(state, patience) };
}

/** Whether `patience` epochs (0 = never) have passed without a better validation score. */
export const patienceSpent = (state: TrainerState, patience: number): boolean => patience > 0 && state.epochsWithoutImprovement >= patience;
