import type { OptionsSchema } from '../../../core/plugin/manifest.js';
import type { GooglenetTfjsOptions } from './extractor.js';
import { frameSamplingDefaults, frameSamplingProperties } from '../shared/frame-sampling-schema.js';

export const googlenetTfjsDefaults = {
  ...frameSamplingDefaults,
  batchSize: 28,
} satisfies Partial<GooglenetTfjsOptions>;

export const googlenetTfjsSchema: OptionsSchema<GooglenetTfjsOptions> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'googlenet-tfjs feature extractor options',
  type: 'object',
  additionalProperties: false,
  // Validation merges googlenetTfjsDefaults first: a config needs only `model`.
  required: ['model', 'frames', 'resize', 'crop', 'mean', 'batchSize'],
  properties: {
    model: {
      type: 'string',
      minLength: 1,
      description: 'Folder written by `topiclens convert --onnx googlenet.onnx --out <folder>` (relative to the config file).',
    },
    ...frameSamplingProperties,
    batchSize: { type: 'integer', minimum: 1, default: 28, description: 'Frames per forward pass.' },
    ffmpeg: {
      type: 'string',
      nullable: true,
      description: 'ffmpeg binary (default: $TOPICLENS_FFMPEG, else the one of @ffmpeg-installer/ffmpeg).',
    },
  },
};
