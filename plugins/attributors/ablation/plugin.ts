import type { AttributionInput } from '../../../core/contracts/attributor.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import { ablationCost, ablationScores, type AblationAlgorithm } from '../shared/ablation-scores.js';
import { makeAttributor } from '../shared/make-attributor.js';
import { COMMON_DEFAULTS, type CommonOptions } from '../shared/options.js';
import { trainingMeanOf } from '../shared/validate-input.js';
import type { Attributor } from '../../../core/contracts/attributor.js';
import { ablationSchema } from './schema.js';

export interface AblationOptions extends CommonOptions {
  baseline: 'zero' | 'training-mean';
  algorithm: AblationAlgorithm;
}

/** Captum-style feature ablation: score = [f(v̄)]_i − [f(v̄ with v̄_j := baseline_j)]_i. */
export const ablationPlugin = definePlugin<'attributor', AblationOptions>({
  extensionPoint: 'attributor',
  name: 'ablation',
  version: '1.0.0',
  description:
    'Feature ablation (as Captum FeatureAblation): replace one neuron by a baseline (zero or the training mean) and take the drop of each topic prediction.',
  optionsSchema: ablationSchema,
  defaults: { ...COMMON_DEFAULTS, baseline: 'training-mean', algorithm: 'auto' },
  create: (options, ctx): Attributor => {
    const make = (baseline: Float32Array | null): Attributor =>
      makeAttributor({
        method: 'ablation',
        describe: `ablation (baseline ${options.baseline}): score of neuron j for topic i = [f(v̄)]_i − [f(v̄ with v̄_j = ${options.baseline === 'zero' ? '0' : 'mean_j'})]_i`,
        tf: ctx.tf,
        seed: ctx.seed,
        common: options,
        score: ablationScores(baseline, options.algorithm),
        cost: ablationCost(options.algorithm),
      });
    const base = (input: AttributionInput): Float32Array | null => (options.baseline === 'zero' ? null : trainingMeanOf(input));
    return {
      attribute: (input) => make(base(input)).attribute(input),
      scores: (input, video) => make(base(input)).scores(input, video),
    };
  },
});
