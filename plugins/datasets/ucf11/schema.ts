import type { OptionsSchema } from '../../../core/plugin/manifest.js';
import { allowMissingSchema } from '../shared/allow-missing.js';
import type { Ucf11Options } from './load.js';

export const defaults: Partial<Ucf11Options> = {
  extensions: ['.avi', '.mpg'],
  split: 'random',
  counts: { train: 800, val: 0, test: 800 },
  testGroups: [1, 2, 3, 4, 5],
  valGroups: [],
};

const count = { type: 'integer', minimum: 0 } as const;
const groups = { type: 'array', items: { type: 'integer', minimum: 1, maximum: 99 }, uniqueItems: true } as const;

export const optionsSchema: OptionsSchema<Ucf11Options> = {
  type: 'object',
  additionalProperties: false,
  required: ['root', 'extensions', 'split', 'counts', 'testGroups', 'valGroups'],
  properties: {
    root: { type: 'string', minLength: 1, description: 'folder holding the 11 action folders (basketball, biking, ... walking)' },
    extensions: { type: 'array', items: { type: 'string', pattern: '^\\.' }, minItems: 1 },
    features: {
      type: 'string',
      minLength: 1,
      nullable: true,
      description: 'folder of precomputed features <v_name_GG_CC>.npy, float32 [frames, dim]',
    },
    split: {
      type: 'string',
      enum: ['random', 'groups', 'file'],
      description: 'random: seeded counts (paper: 800/800); groups: leave testGroups/valGroups out; file: splitFile',
    },
    counts: {
      type: 'object',
      additionalProperties: false,
      required: ['train', 'val', 'test'],
      properties: { train: count, val: count, test: count },
    },
    testGroups: groups,
    valGroups: groups,
    splitFile: { type: 'string', minLength: 1, nullable: true, description: 'file of "<action>/<v_name_GG_CC> <train|val|test>" lines' },
    seed: { type: 'integer', nullable: true, description: 'split seed (default: the experiment seed)' },
    classes: {
      type: 'array',
      nullable: true,
      items: { type: 'string', minLength: 1, pattern: '^[^/\\\\]+$' },
      minItems: 2,
      uniqueItems: true,
      description: 'the action folders, in label order (default: the 11 published UCF11 actions); any other folder is an error',
    },
    allowMissing: allowMissingSchema,
  },
};
