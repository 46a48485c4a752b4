import { describe, expect, it } from 'vitest';
import { enhancementDelta } from '../eq10/enhance.js';
import { neuronsForTopic, type TopicNeurons } from './neuron-map.js';
import { carriedWord, carryWordsOf } from '../../../core/text/carry-words.js';

describe('refiner units: neurons of a topic, carry words, enhancement gain', () => {
  const map: TopicNeurons = {
    numNeurons: 8,
    byTopic: [
      [
        { neuron: 5, count: 12 },
        { neuron: 2, count: 4 },
        { neuron: 7, count: 1 },
      ],
      [],
      [
        { neuron: 1, count: 3 },
        { neuron: 6, count: 0 },
      ],
    ],
  };

  it("a topic's neurons are every neuron PDM chose for it on a training video, most chosen first", () => {
    expect(neuronsForTopic(map, 0)).toEqual([5, 2, 7]);
    expect(neuronsForTopic(map, 0, 2)).toEqual([5, 2]);
    expect(neuronsForTopic(map, 1)).toEqual([]);
    // A neuron listed with count 0 was never chosen: not tied to the topic.
    expect(neuronsForTopic(map, 2)).toEqual([1]);
  });

  it("with one name per neuron (the map's ownNeurons), a topic's neurons are the ones named by it", () => {
    // neuron 2 was chosen 4 times for topic 0 but is named by topic 2: a refinement of topic 0 leaves it alone.
    const named: TopicNeurons = { ...map, own: [[5, 7], [], [1, 2]] };
    expect(neuronsForTopic(named, 0)).toEqual([5, 7]);
    expect(neuronsForTopic(named, 2)).toEqual([1, 2]);
    expect(neuronsForTopic(named, 2, 1)).toEqual([1]);
    expect(neuronsForTopic(named, 1)).toEqual([]);
  });

  it('carry words: the top 5 words with p(w | t) ≥ 0.05; smoothing-mass words do not show a topic', () => {
    const ranked = [
      ['dog', 0.56],
      ['puppy', 0.29],
      ['doggy', 0.088],
      ['pup', 0.049],
      ['blue', 4e-6],
      ['cat', 0.3],
    ].map(([word, p]) => ({ word: word as string, p: p as number }));
    expect(carryWordsOf(ranked)).toEqual(['dog', 'puppy', 'doggy']);
    expect(carriedWord('a blue ball rolls', carryWordsOf(ranked))).toBeNull();
    expect(carriedWord('a little pup and a doggy', carryWordsOf(ranked))).toBe('doggy');
    // Words without probabilities (plain strings): the first five.
    expect(carryWordsOf(['a', 'b', 'c', 'd', 'e', 'f'].map((word) => ({ word, p: Number.NaN })))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it("δ_j = gain × mean activation on the topic's neurons (hand-computed)", () => {
    const request = {
      frames: new Float32Array(4),
      numFrames: 1,
      frameDim: 4,
      videoId: 'v',
      topic: 0,
      topicName: 't',
      neurons: [3, 0],
      meanActivation: Float32Array.from([0.25, -0.5]),
    };
    expect(Array.from(enhancementDelta(request, 5, 3))).toEqual([-1.5, 0, 0, 0.75, 0]);
    expect(Array.from(enhancementDelta(request, 5))).toEqual([-0.5, 0, 0, 0.25, 0]);
  });
});
