import type { CheckFinding, ConfigCheck, ValidateContext } from '../../../core/plugin/manifest.js';
import type { TrainSectionOptions } from './schema.js';

/**
 * What `topiclens validate` can tell of the train section before a run: the early-stopping metric
 * must be a key the configured metrics produce (the stage would fail after features and topics
 * ran), and `patience` without validation videos does nothing.
 */
export function validateTrainSection(o: TrainSectionOptions, ctx: ValidateContext): ConfigCheck {
  const validation = o.validation;
  const problems: CheckFinding[] = [];
  const warnings: CheckFinding[] = [];
  if (ctx.metricKeys && !ctx.metricKeys.includes(validation.metric)) {
    problems.push({
      path: `${ctx.path}/validation/metric`,
      message: ctx.metricKeys.length
        ? `"${validation.metric}" is produced by none of the configured metrics (they produce ${ctx.metricKeys.join(', ')}); choose one of those or add its metric to "metrics"`
        : `"${validation.metric}" needs a metric, but "metrics" lists none; add e.g. ["bleu", "meteor", "rouge-l", "cider"]`,
    });
  }
  if (o.patience > 0 && ctx.splits && ctx.splits.val === 0) {
    warnings.push({
      path: `${ctx.path}/patience`,
      message: `patience ${o.patience} has no effect: the data set has no val videos, so there is no validation score to stop on and all ${o.epochs} epochs run`,
    });
  }
  return { problems, warnings, batchSize: o.batchSize };
}
