import type { JsonSchema } from '../../../core/plugin/manifest.js';
import { commonRequired, commonSchemaProperties } from '../shared/options.js';

export const gradientInputSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'attributor gradient-input options',
  type: 'object',
  additionalProperties: false,
  properties: { ...commonSchemaProperties },
  required: commonRequired,
};
