import type { OptionsSchema } from '../../../core/plugin/manifest.js';
import type { GooglenetOptions } from './options.js';
import { frameSamplingProperties } from '../shared/frame-sampling-schema.js';

const ffmpeg = {
  type: 'string',
  nullable: true,
  description: 'ffmpeg binary (default: $TOPICLENS_FFMPEG, else the one of @ffmpeg-installer/ffmpeg).',
} as const;

export const googlenetSchema: OptionsSchema<GooglenetOptions> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'googlenet feature extractor options',
  type: 'object',
  additionalProperties: false,
  // Validation merges googlenetDefaults first: a config needs only `model`.
  required: ['model', 'frames', 'resize', 'crop', 'mean', 'batchSize', 'threads', 'executionProviders'],
  properties: {
    model: {
      type: 'string',
      minLength: 1,
      description: 'Path of the BVLC GoogLeNet ONNX file (relative to the config file). See plugins/feature-extractors/README.md.',
    },
    ...frameSamplingProperties,
    batchSize: { type: 'integer', minimum: 1, default: 28, description: 'Frames per ONNX Runtime call.' },
    threads: { type: 'integer', minimum: 0, default: 0, description: 'ONNX Runtime intra-op threads (0 = one per CPU).' },
    executionProviders: {
      default: 'auto',
      description:
        'ONNX Runtime execution providers, in order of preference. "auto": CUDA when onnxruntime-node lists it and its CUDA libraries load (see bench/README.md, GPU), else CPU. A list is used as given (add "cpu" last as the fallback for unsupported nodes).',
      oneOf: [
        { type: 'string', const: 'auto' },
        { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: ['cuda', 'tensorrt', 'webgpu', 'cpu'] } },
      ],
    },
    outputName: { type: 'string', nullable: true, description: 'Tensor to extract (default: pool5/7x7_s1, found by name).' },
    inputName: { type: 'string', nullable: true, description: "Input tensor (default: the model's only data input)." },
    ffmpeg,
  },
};
