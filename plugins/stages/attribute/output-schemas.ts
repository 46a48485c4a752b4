import type { JsonSchema } from '../../../core/plugin/manifest.js';

/** JSON Schemas of the files the attribute stage writes (read-attribute.ts validates with them). */

const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const str = { type: 'string' } as const;
const numOrNull = { type: ['number', 'null'] } as const;
const dirOrNull = { enum: [1, -1, null] } as const;
const ints = { type: 'array', items: int } as const;
const nums = { type: 'array', items: num } as const;
const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  ...extra,
});

export const neuronTopicMapSchema: JsonSchema = obj({
  method: str,
  numNeurons: int,
  numTopics: int,
  numVideos: int,
  topicNames: { type: 'array', items: str },
  neurons: {
    type: 'array',
    items: obj({
      neuron: int,
      preferredTopic: int,
      preferredTopicName: str,
      label: int,
      labelName: str,
      total: int,
      topics: { type: 'array', items: obj({ topic: int, name: str, count: int }) },
    }),
  },
  topics: {
    type: 'array',
    items: obj({
      topic: int,
      name: str,
      pairs: int,
      neurons: { type: 'array', items: obj({ neuron: int, count: int }) },
      ownNeurons: ints,
    }),
  },
  notes: { type: 'array', items: str },
});

const topicScore = obj({
  topic: int,
  name: str,
  neuron: int,
  ownNeurons: ints,
  modalNeuron: int,
  consistency: numOrNull,
  direction: dirOrNull,
  detectorAuroc: numOrNull,
  signedAuroc: numOrNull,
  selectivity: numOrNull,
  contrastPeakedness: numOrNull,
  standsOut: { type: ['boolean', 'null'] },
  decodingOwn: numOrNull,
  decodingAll: numOrNull,
  positives: int,
  negatives: int,
  peakedness: numOrNull,
  gini: numOrNull,
});

const summary = obj({
  detectorAuroc: numOrNull,
  signedAuroc: numOrNull,
  topicsScored: int,
  topicsWithoutNeuron: int,
  selectivity: numOrNull,
  contrastPeakedness: numOrNull,
  standsOutShare: numOrNull,
  decodingOwn: numOrNull,
  decodingAll: numOrNull,
  consistency: numOrNull,
  pairs: int,
  groundTruthAgreement: numOrNull,
  meanPeakedness: numOrNull,
  meanGini: numOrNull,
  topicsWithSelectivity: int,
});

export const interpretabilitySchema: JsonSchema = {
  type: 'object',
  required: ['method', 'notes', 'perTopic', 'summary'],
  properties: {
    method: str,
    split: { enum: ['test', 'val'] },
    notes: { type: 'array', items: str },
    perTopic: { type: 'array', items: topicScore },
    summary,
    groundTruth: obj({ agreement: numOrNull, topicAttributes: { type: 'array' }, neurons: { type: 'array' } }),
  },
};

export const fig3Schema: JsonSchema = obj({
  split: { enum: ['test', 'val'] },
  topics: {
    type: 'array',
    items: obj({
      topic: int,
      name: str,
      neurons: ints,
      direction: dirOrNull,
      positives: int,
      negatives: int,
      withMean: nums,
      withoutMean: nums,
    }),
  },
});

export const meanActivationsSchema: JsonSchema = { type: 'object', additionalProperties: nums };

export const frameActivationsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    additionalProperties: obj({ neuron: int, direction: { enum: [1, -1] }, relevant: { type: 'boolean' }, values: nums }),
  },
};
