import type { JsonSchema } from '../../../core/plugin/manifest.js';
import { algorithmSchemaProperty, commonRequired, commonSchemaProperties } from '../shared/options.js';

export const pdmSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'attributor pdm options',
  type: 'object',
  additionalProperties: false,
  properties: { ...commonSchemaProperties, algorithm: algorithmSchemaProperty },
  required: [...commonRequired, 'algorithm'],
};
