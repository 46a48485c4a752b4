import { describe, expect, it } from 'vitest';
import type { VideoRecord } from '../../../core/contracts/dataset.js';
import { ptbTokenize } from '../../../core/text/ptb-tokenize.js';
import { Vocabulary } from '../../../core/text/vocabulary.js';
import type { FeatureStore } from '../features/read-features.js';
import type { TopicsReading } from '../topics/read-topics.js';
import { captionData, type RunInputs } from './caption-data.js';

const captions = ['a dog runs on the grass', 'a red ball rolls'];
const vocabulary = Vocabulary.fromTokens(captions.map(ptbTokenize), { minCount: 1 });

function inputs(topics?: TopicsReading): RunInputs {
  const features = {
    dim: 2,
    ids: ['v0'],
    skipped: [],
    splitOf: () => 'train',
    labelOf: () => undefined,
    framesOf: () => 1,
    get: () => new Float32Array([0.5, 1]),
    batch: () => ({ data: new Float32Array(2), frames: [1] }),
  } satisfies FeatureStore;
  const video = { id: 'v0', split: 'train', captions } as unknown as VideoRecord;
  return { features, topics, videos: new Map([['v0', video]]), numFrames: 1 };
}

const topic = (name: string, words: [string, number][]) => ({ id: 0, name, words });

describe('captionData', () => {
  it("names each topic's carry words as token ids: the first 5 with p ≥ 0.05, words outside the vocabulary left out", () => {
    const topics: TopicsReading = {
      names: ['dog', 'ball'],
      labels: ['dog', 'ball'],
      numTopics: 2,
      ids: ['v0'],
      has: () => true,
      vectorOf: () => Uint8Array.from([1, 0]),
      topics: [
        // "puppy" is not in the vocabulary; "blue" has only smoothing mass; "grass" is 6th.
        topic('dog', [
          ['dog', 0.5],
          ['puppy', 0.2],
          ['runs', 0.1],
          ['blue', 1e-5],
          ['on', 0.06],
          ['grass', 0.05],
        ]),
        topic('ball', [
          ['ball', 0.4],
          ['rolls', 0.049],
        ]),
      ],
    };
    const data = captionData(inputs(topics), ['v0'], vocabulary);
    expect(data.topicWords).toEqual([[vocabulary.id('dog'), vocabulary.id('runs'), vocabulary.id('on')], [vocabulary.id('ball')]]);
    expect(Array.from(data.videos[0]!.topics!)).toEqual([1, 0]);
    expect(captionData(inputs(), ['v0'], vocabulary).topicWords).toBeUndefined();
  });
});
