import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNeuronMap } from './neuron-map.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-neuron-map-'));
const put = (name: string, map: object): string => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(map));
  return file;
};

describe('refine session: neuron-topic map', () => {
  it('reads the topics form and the counts form to the same neurons per topic (count desc, then index)', () => {
    const topics = put('topics.json', {
      method: 'pdm',
      numNeurons: 4,
      topicNames: ['dog', 'car'],
      topics: [
        {
          topic: 0,
          neurons: [
            { neuron: 2, count: 3 },
            { neuron: 1, count: 5 },
          ],
          ownNeurons: [1],
        },
        { topic: 1, neurons: [{ neuron: 3, count: 2 }], ownNeurons: [3, 2] },
      ],
    });
    const counts = put('counts.json', {
      topicNames: ['dog', 'car'],
      counts: [
        [0, 0],
        [5, 0],
        [3, 0],
        [0, 2],
      ],
    });
    const byTopic = [
      [
        { neuron: 1, count: 5 },
        { neuron: 2, count: 3 },
      ],
      [{ neuron: 3, count: 2 }],
    ];
    expect(readNeuronMap(topics, 2)).toEqual({ numNeurons: 4, byTopic, own: [[1], [3, 2]] });
    expect(readNeuronMap(counts, 2)).toEqual({ numNeurons: 4, byTopic });
  });

  it('names the file, the JSON path and the stage to rerun', () => {
    const file = put('bad.json', { topicNames: ['dog', 'car'], counts: [[1, 0], [0]] });
    expect(() => readNeuronMap(file, 2)).toThrow(
      `${file}: /counts/1: expected 2 counts (one per topic name), found "1 values"; rerun the attribute stage.`,
    );
    const three = put('three.json', { topicNames: ['a', 'b', 'c'], counts: [[1, 0, 0]] });
    expect(() => readNeuronMap(three, 2)).toThrow(
      `${three}: /topicNames: expected 2 topics (as the topics stage found), found 3; rerun the attribute stage.`,
    );
    expect(() => readNeuronMap(join(dir, 'none.json'), 2)).toThrow('is missing; run the attribute stage first');
  });
});
