import { pathGradientScores } from '../shared/path-gradients.js';
import { igNodes, type IgMethod } from '../shared/quadrature.js';
import type { CostFn, ScoreFn } from '../shared/types.js';

/**
 * Integrated gradients (Sundararajan et al. 2017): IG_j = (x_j − b_j) ∫₀¹ ∂f_i/∂x_j(b + α(x − b)) dα,
 * the integral by `method` with `steps` nodes (Captum's conventions); computed by
 * shared/path-gradients.ts (the path sum is taken in hidden space, then one [D, H] × [H, pairs] product).
 */
export function integratedGradientsScores(method: IgMethod, steps: number, baseline: Float32Array | null): ScoreFn {
  const { alphas, weights } = igNodes(method, steps);
  return pathGradientScores(alphas, weights, baseline);
}

/** Per video: the path's hidden states and outputs, S [H, U], and the [D, U] scores (no mlp: a Jacobian per point). */
export const integratedGradientsCost =
  (steps: number): CostFn =>
  (d, h, u) =>
    h > 0 ? steps * (2 * h + u) + h * u + 2 * d * u : steps * (d * u + d) + d * u;
