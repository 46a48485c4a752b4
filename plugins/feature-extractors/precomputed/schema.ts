import type { OptionsSchema } from '../../../core/plugin/manifest.js';
import type { PrecomputedOptions } from './extractor.js';

export const precomputedDefaults = { pattern: '{id}.npy' } satisfies Partial<PrecomputedOptions>;

export const precomputedSchema: OptionsSchema<PrecomputedOptions> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'precomputed feature extractor options',
  type: 'object',
  additionalProperties: false,
  // Validation merges precomputedDefaults first: a config needs only `dir`.
  required: ['dir', 'pattern'],
  properties: {
    dir: { type: 'string', minLength: 1, description: 'Folder of the .npy files (relative to the config file).' },
    pattern: {
      type: 'string',
      pattern: '\\{id\\}',
      default: '{id}.npy',
      description: "File name of a video's features; {id} is replaced by the video id.",
    },
    dim: { type: 'integer', minimum: 1, nullable: true, description: 'Expected feature size (default: that of the first file).' },
    frames: { type: 'integer', minimum: 1, nullable: true, description: 'Expected frames per video (default: any).' },
  },
};
