import type { OptionsSchema } from '../../../core/plugin/manifest.js';

export interface TrainSectionOptions {
  epochs: number;
  batchSize: number;
  clipNorm: number;
  patience: number;
  captionsPerVideo: number;
  maxTokens: number;
  learningRate: number;
  rho: number;
  epsilon: number;
  minWordCount: number;
  maxVocabulary?: number;
  weightAverage: number;
  validation: { metric: string; beam: number; maxVideos: number; every: number };
}

export const trainDefaults: TrainSectionOptions = {
  epochs: 20,
  batchSize: 64,
  clipNorm: 10,
  patience: 5,
  captionsPerVideo: 0,
  maxTokens: 20,
  learningRate: 1,
  rho: 0.95,
  epsilon: 1e-6,
  minWordCount: 2,
  weightAverage: 0,
  validation: { metric: 'Bleu_4', beam: 1, maxVideos: 200, every: 1 },
};

export const trainSchema: OptionsSchema<TrainSectionOptions> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    epochs: { type: 'integer', minimum: 0, description: 'Passes over the training pairs.' },
    batchSize: { type: 'integer', minimum: 1 },
    clipNorm: { type: 'number', minimum: 0, description: 'Global-norm gradient clipping (0 = off).' },
    patience: {
      type: 'integer',
      minimum: 0,
      description: 'Early stopping: epochs without a better validation score (0 = never stop early).',
    },
    captionsPerVideo: { type: 'integer', minimum: 0, description: 'Captions sampled per video each epoch (0 = all video-caption pairs).' },
    maxTokens: { type: 'integer', minimum: 2, description: 'Longest training target, <eos> included.' },
    learningRate: { type: 'number', exclusiveMinimum: 0, description: 'Adadelta learning rate (1 as published).' },
    rho: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    epsilon: { type: 'number', exclusiveMinimum: 0 },
    minWordCount: { type: 'integer', minimum: 1, description: 'Words rarer than this in the training captions become <unk>.' },
    maxVocabulary: { type: 'integer', minimum: 5, nullable: true },
    weightAverage: {
      type: 'number',
      minimum: 0,
      exclusiveMaximum: 1,
      description:
        'Decay of an exponential moving average of the weights (Polyak averaging); validation, model selection and the saved model use the average. 0 = none.',
    },
    validation: {
      type: 'object',
      additionalProperties: false,
      properties: {
        metric: {
          type: 'string',
          description: 'Corpus score early stopping maximises (a key of a configured metric: Bleu_4, METEOR, CIDEr, ...).',
        },
        beam: { type: 'integer', minimum: 1 },
        maxVideos: { type: 'integer', minimum: 1, description: 'Validation videos decoded each epoch (the first n of the val split).' },
        every: { type: 'integer', minimum: 1 },
      },
      required: ['metric', 'beam', 'maxVideos', 'every'],
    },
  },
  // Validation merges trainDefaults first, so a config still gives any subset of these.
  required: [
    'epochs',
    'batchSize',
    'clipNorm',
    'patience',
    'captionsPerVideo',
    'maxTokens',
    'learningRate',
    'rho',
    'epsilon',
    'minWordCount',
    'weightAverage',
    'validation',
  ],
};
