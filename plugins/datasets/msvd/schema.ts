import type { OptionsSchema } from '../../../core/plugin/manifest.js';
import { allowMissingSchema } from '../shared/allow-missing.js';
import type { MsvdOptions } from './load.js';

export const defaults: Partial<MsvdOptions> = {
  videoExtension: '.avi',
  ordering: 'sorted',
  split: { train: 1200, val: 100, test: 670 },
  ids: 'clip',
  language: 'English',
  strict: false,
};

const count = { type: 'integer', minimum: 0 } as const;

export const optionsSchema: OptionsSchema<MsvdOptions> = {
  type: 'object',
  additionalProperties: false,
  required: ['csv', 'videoExtension', 'ordering', 'split', 'ids', 'language', 'strict'],
  properties: {
    csv: { type: 'string', minLength: 1, description: 'path of "MSR Video Description Corpus.csv"' },
    videos: { type: 'string', minLength: 1, nullable: true, description: 'folder of the clips (YouTubeClips): <VideoID_Start_End>.avi' },
    videoExtension: { type: 'string', pattern: '^\\.', description: 'extension of the video files' },
    features: {
      type: 'string',
      minLength: 1,
      nullable: true,
      description: 'folder of precomputed features: <VideoID_Start_End>.npy, float32 [frames, dim]',
    },
    mapping: {
      type: 'string',
      minLength: 1,
      nullable: true,
      description: 'youtube_mapping.txt (<clip> vid<N> per line): exact vid numbering',
    },
    ordering: {
      type: 'string',
      enum: ['sorted', 'csv'],
      description: 'vid numbering without a mapping file: sorted clip names (as youtube_mapping.txt) or first appearance in the csv',
    },
    split: {
      type: 'object',
      additionalProperties: false,
      required: ['train', 'val', 'test'],
      properties: { train: count, val: count, test: count },
    },
    splitFile: {
      type: 'string',
      minLength: 1,
      nullable: true,
      description: 'file of "<clip> <train|val|test>" lines overriding the split sizes',
    },
    ids: { type: 'string', enum: ['clip', 'vid'] },
    language: { type: 'string', minLength: 1 },
    strict: { type: 'boolean', description: 'fail on the first malformed csv row instead of skipping it' },
    allowMissing: allowMissingSchema,
  },
  oneOf: [{ required: ['videos'] }, { required: ['features'] }],
};
