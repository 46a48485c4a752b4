import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNeuronTopicMap, modalNeurons } from './build.js';
import { neuronTopicMapToCsv, writeNeuronTopicMap } from './write.js';

// 4 videos × 3 topics; neurons 0..4.
const chosen = Int32Array.from([
  2, -1, 1,
  2, 4, 1,
  3, 4, -1,
  2, -1, 4,
]);
const result = { method: 'pdm', chosen, notes: ['n'] };
const names = ['dog', 'girl, young', 'walk'];

describe('neuron-topic map', () => {
  const map = buildNeuronTopicMap(result, 5, names);
  it('counts pairs per neuron and topic, with preferred topics and sorted topic lists', () => {
    expect(map.numVideos).toBe(4);
    expect(map.neurons.map((n) => n.neuron)).toEqual([1, 2, 3, 4]);
    const n4 = map.neurons.find((n) => n.neuron === 4)!;
    expect(n4.topics).toEqual([{ topic: 1, name: 'girl, young', count: 2 }, { topic: 2, name: 'walk', count: 1 }]);
    expect(n4.preferredTopic).toBe(1);
    expect(n4.total).toBe(3);
    expect(map.topics[0]).toEqual({ topic: 0, name: 'dog', pairs: 4, neurons: [{ neuron: 2, count: 3 }, { neuron: 3, count: 1 }] });
    // topic 2: neurons 1 (2) and 4 (1)
    expect(map.topics[2]!.neurons).toEqual([{ neuron: 1, count: 2 }, { neuron: 4, count: 1 }]);
    expect(Array.from(modalNeurons(map))).toEqual([2, 4, 1]);
  });
  it('preferred-topic ties go to the lowest topic index', () => {
    const m = buildNeuronTopicMap({ method: 'x', chosen: Int32Array.from([0, 0, 0]), notes: [] }, 1, ['c', 'b', 'a']);
    expect(m.neurons[0]!.preferredTopic).toBe(0);
  });
  it('writes CSV with quoted names and JSON that round-trips', () => {
    const csv = neuronTopicMapToCsv(map).trim().split('\n');
    expect(csv[0]).toBe('neuron,topic,topic_name,count,preferred,rank_in_topic');
    expect(csv).toContain('4,1,"girl, young",2,1,1');
    expect(csv).toContain('4,2,walk,1,0,2');
    expect(csv.length).toBe(1 + 5); // pairs (1,walk) (2,dog) (3,dog) (4,girl) (4,walk)
    const dir = mkdtempSync(join(tmpdir(), 'ntm-'));
    const paths = writeNeuronTopicMap(dir, map);
    expect(JSON.parse(readFileSync(paths.json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(map)));
  });
  it('rejects a chosen neuron outside the layer', () => {
    expect(() => buildNeuronTopicMap({ method: 'x', chosen: Int32Array.from([7]), notes: [] }, 5, ['a'])).toThrow(/chose neuron 7, outside 0..4/);
  });
});
