import type { OptionsSchema } from '../../../core/plugin/manifest.js';
import type { IntegratedGradientsOptions } from './plugin.js';
import { commonRequired, commonSchemaProperties } from '../shared/options.js';

export const integratedGradientsSchema: OptionsSchema<IntegratedGradientsOptions> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'attributor integrated-gradients options',
  type: 'object',
  additionalProperties: false,
  properties: {
    ...commonSchemaProperties,
    steps: {
      type: 'integer',
      minimum: 2,
      maximum: 1000,
      description: 'Number of points on the path from the baseline to v̄ (Captum n_steps).',
    },
    method: { type: 'string', enum: ['gausslegendre', 'riemann_trapezoid'], description: 'Quadrature of the path integral, as Captum.' },
    baseline: { type: 'string', enum: ['zero', 'training-mean'], description: 'Start of the path.' },
  },
  required: [...commonRequired, 'steps', 'method', 'baseline'],
};
