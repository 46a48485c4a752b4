import { pathGradientScores } from '../shared/path-gradients.js';
import type { CostFn, ScoreFn } from '../shared/types.js';

/** Gradient × input: score of neuron j for topic i = v̄_j · ∂[f(v̄)]_i/∂v̄_j (the one-point path α = 1 from 0). */
export const gradientInputScores: ScoreFn = pathGradientScores([1], [1], null);

export const gradientInputCost: CostFn = (d, h, u) => (h > 0 ? 2 * h + u + h * u : d) + 2 * d * u;
