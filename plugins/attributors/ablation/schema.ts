import type { OptionsSchema } from '../../../core/plugin/manifest.js';
import type { AblationOptions } from './plugin.js';
import { algorithmSchemaProperty, commonRequired, commonSchemaProperties } from '../shared/options.js';

export const ablationSchema: OptionsSchema<AblationOptions> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'attributor ablation options',
  type: 'object',
  additionalProperties: false,
  properties: {
    ...commonSchemaProperties,
    algorithm: algorithmSchemaProperty,
    baseline: {
      type: 'string',
      enum: ['zero', 'training-mean'],
      description: 'Value a neuron is set to when ablated: 0, or its mean over the training videos.',
    },
  },
  required: [...commonRequired, 'baseline', 'algorithm'],
};
