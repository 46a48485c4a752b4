import type { ConfigCheck, ValidateContext } from '../../../core/plugin/manifest.js';

/** The evaluate stage scores test captions with the configured metrics: it needs at least one. */
export function validateEvaluateSection(_section: unknown, ctx: ValidateContext): ConfigCheck {
  const metrics = ctx.config.metrics;
  if (metrics && metrics.length > 0) return {};
  return {
    problems: [
      {
        path: '/metrics',
        message: `${metrics ? 'an empty list' : 'missing'}: the evaluate stage scores the test captions with these; add e.g. ["bleu", "meteor", "rouge-l", "cider"]`,
      },
    ],
  };
}
