import type { ConfigCheck, CheckFinding, ValidateContext } from '../../../core/plugin/manifest.js';
import { splitProblems } from '../shared/split-checks.js';
import type { SyntheticOptions } from './generate.js';

/** Checks of the synthetic-clips options the schema cannot express. */
export function validateSynthetic(o: SyntheticOptions, ctx: ValidateContext): ConfigCheck {
  const problems: CheckFinding[] = splitProblems(o.counts, `${ctx.path}/counts`);
  const { min, max } = o.captionsPerClip;
  if (min > max)
    problems.push({
      path: `${ctx.path}/captionsPerClip`,
      message: `min (${min}) is larger than max (${max}); each clip gets between min and max captions`,
    });
  return { problems, splits: o.counts };
}
