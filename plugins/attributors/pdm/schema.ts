import type { OptionsSchema } from '../../../core/plugin/manifest.js';
import type { PdmOptions } from './plugin.js';
import { algorithmSchemaProperty, commonRequired, commonSchemaProperties } from '../shared/options.js';

export const pdmSchema: OptionsSchema<PdmOptions> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'attributor pdm options',
  type: 'object',
  additionalProperties: false,
  properties: { ...commonSchemaProperties, algorithm: algorithmSchemaProperty },
  required: [...commonRequired, 'algorithm'],
};
