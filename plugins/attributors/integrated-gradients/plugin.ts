import type { Attributor, AttributionInput } from '../../../core/contracts/attributor.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import { makeAttributor } from '../shared/make-attributor.js';
import { COMMON_DEFAULTS, type CommonOptions } from '../shared/options.js';
import type { IgMethod } from '../shared/quadrature.js';
import { trainingMeanOf } from '../shared/validate-input.js';
import { integratedGradientsSchema } from './schema.js';
import { integratedGradientsCost, integratedGradientsScores } from './scores.js';

export interface IntegratedGradientsOptions extends CommonOptions {
  steps: number;
  method: IgMethod;
  baseline: 'zero' | 'training-mean';
}

export const integratedGradientsPlugin = definePlugin<'attributor', IntegratedGradientsOptions>({
  extensionPoint: 'attributor',
  name: 'integrated-gradients',
  version: '1.0.0',
  description:
    'Integrated gradients (Sundararajan et al. 2017) along the straight path from a baseline (zero or training mean) to v̄; Gauss-Legendre or trapezoid quadrature as Captum.',
  optionsSchema: integratedGradientsSchema,
  defaults: { ...COMMON_DEFAULTS, steps: 50, method: 'gausslegendre', baseline: 'zero' },
  create: (options, ctx): Attributor => {
    const make = (input: AttributionInput): Attributor =>
      makeAttributor({
        method: 'integrated-gradients',
        describe: `integrated-gradients (${options.method}, ${options.steps} steps, baseline ${options.baseline}): score = (v̄_j − b_j)·∫ ∂[f]_i/∂v̄_j along the path`,
        tf: ctx.tf,
        seed: ctx.seed,
        common: options,
        score: integratedGradientsScores(options.method, options.steps, options.baseline === 'zero' ? null : trainingMeanOf(input)),
        cost: integratedGradientsCost(options.steps),
      });
    return {
      attribute: (input) => make(input).attribute(input),
      scores: (input, video) => make(input).scores(input, video),
    };
  },
});
