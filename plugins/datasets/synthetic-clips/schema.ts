import type { OptionsSchema } from '../../../core/plugin/manifest.js';
import type { SyntheticOptions } from './generate.js';

export const defaults: SyntheticOptions = {
  variant: 'standard',
  counts: { train: 1200, val: 100, test: 670 },
  frames: 28,
  rendering: 'features',
  featureDim: 1024,
  frameSize: 112,
  noise: 1,
  worldSeed: 2017,
  captionsPerClip: { min: 20, max: 40 },
  doubleLength: false,
  annotators: 60,
};

const count = { type: 'integer', minimum: 0, maximum: 1000000 } as const;

export const optionsSchema: OptionsSchema<SyntheticOptions> = {
  type: 'object',
  additionalProperties: false,
  required: [
    'variant',
    'counts',
    'frames',
    'rendering',
    'featureDim',
    'frameSize',
    'noise',
    'worldSeed',
    'captionsPerClip',
    'doubleLength',
    'annotators',
  ],
  properties: {
    variant: {
      type: 'string',
      enum: ['standard', 'shifted'],
      description: 'standard, or shifted: a different object/scene mix for transfer experiments',
    },
    counts: {
      type: 'object',
      additionalProperties: false,
      required: ['train', 'val', 'test'],
      properties: { train: count, val: count, test: count },
      description: 'clips per split',
    },
    frames: { type: 'integer', minimum: 2, maximum: 1000, description: 'frames per clip (per half with doubleLength)' },
    rendering: {
      type: 'string',
      enum: ['features', 'frames'],
      description: 'features: 1024-d vectors from a fixed random map (stand-in for a CNN); frames: RGB frames for a FeatureExtractor',
    },
    featureDim: { type: 'integer', minimum: 8, maximum: 16384 },
    frameSize: { type: 'integer', minimum: 16, maximum: 1024, description: 'frame width and height in pixels (frames rendering)' },
    noise: { type: 'number', minimum: 0, maximum: 100 },
    seed: { type: 'integer', nullable: true, description: 'data seed (default: the experiment seed)' },
    worldSeed: { type: 'integer', description: 'fixes the feature map and the annotators; keep it the same for train/test/shifted data' },
    captionsPerClip: {
      type: 'object',
      additionalProperties: false,
      required: ['min', 'max'],
      properties: { min: { type: 'integer', minimum: 1, maximum: 1000 }, max: { type: 'integer', minimum: 1, maximum: 1000 } },
    },
    doubleLength: { type: 'boolean', description: 'clips twice as long whose two halves share the objects (human-in-the-loop protocol)' },
    annotators: { type: 'integer', minimum: 1, maximum: 10000 },
  },
};
