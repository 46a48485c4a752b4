import type { OptionsSchema } from '../../../core/plugin/manifest.js';
import type { CommonOptions } from '../shared/options.js';
import { commonRequired, commonSchemaProperties } from '../shared/options.js';

export const gradientInputSchema: OptionsSchema<CommonOptions> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'attributor gradient-input options',
  type: 'object',
  additionalProperties: false,
  properties: { ...commonSchemaProperties },
  required: [...commonRequired],
};
