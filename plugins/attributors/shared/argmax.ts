import { TopiclensError } from '../../../core/errors.js';

/**
 * Index of the largest of `count` values `values[offset + k * stride]`.
 *
 * Tie rule: among exactly equal maxima the LOWEST neuron index wins (a later value must be
 * strictly greater to replace the current best). Exact ties happen for real: every neuron with
 * v̄_j = 0, and every neuron f ignores, has a difference of exactly 0. NaN is an error.
 */
export function argmaxStrided(values: Float32Array, offset: number, count: number, stride: number, where: () => string): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let k = 0; k < count; k++) {
    const v = values[offset + k * stride]!;
    if (Number.isNaN(v)) {
      throw new TopiclensError(
        `Attribution produced NaN for neuron ${k} (${where()}). Check the features and f's weights for NaN/Infinity.`,
      );
    }
    if (v > bestValue || best < 0) {
      best = k;
      bestValue = v;
    }
  }
  return best;
}
