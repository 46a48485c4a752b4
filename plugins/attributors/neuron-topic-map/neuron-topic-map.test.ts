import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNeuronTopicMap, modalNeurons, primaryNeurons } from './build.js';
import { neuronTopicMapToCsv, writeNeuronTopicMap } from './write.js';

// 4 videos × 3 topics; neurons 0..4.
const chosen = Int32Array.from([2, -1, 1, 2, 4, 1, 3, 4, -1, 2, -1, 4]);
const result = { method: 'pdm', chosen, notes: ['n'] };
const names = ['dog', 'girl, young', 'walk'];

describe('neuron-topic map', () => {
  const map = buildNeuronTopicMap(result, 5, names);
  it('counts pairs per neuron and topic, with preferred topics and sorted topic lists', () => {
    expect(map.numVideos).toBe(4);
    expect(map.neurons.map((n) => n.neuron)).toEqual([1, 2, 3, 4]);
    const n4 = map.neurons.find((n) => n.neuron === 4)!;
    expect(n4.topics).toEqual([
      { topic: 1, name: 'girl, young', count: 2 },
      { topic: 2, name: 'walk', count: 1 },
    ]);
    expect(n4.preferredTopic).toBe(1);
    expect(n4.total).toBe(3);
    expect(map.topics[0]).toEqual({
      topic: 0,
      name: 'dog',
      pairs: 4,
      neurons: [
        { neuron: 2, count: 3 },
        { neuron: 3, count: 1 },
      ],
      ownNeurons: [2, 3],
    });
    // topic 2: neurons 1 (2) and 4 (1)
    expect(map.topics[2]!.neurons).toEqual([
      { neuron: 1, count: 2 },
      { neuron: 4, count: 1 },
    ]);
    expect(Array.from(modalNeurons(map))).toEqual([2, 4, 1]);
  });
  it('names each neuron once: primary neurons by greedy one-to-one matching, the rest by preferred topic', () => {
    expect(Array.from(primaryNeurons(map))).toEqual([2, 4, 1]);
    expect(map.neurons.map((n) => [n.neuron, n.label, n.labelName])).toEqual([
      [1, 2, 'walk'],
      [2, 0, 'dog'],
      [3, 0, 'dog'],
      [4, 1, 'girl, young'],
    ]);
    expect(map.topics.map((t) => t.ownNeurons)).toEqual([[2, 3], [4], [1]]);
  });
  it('a neuron chosen most for two topics is named once; the other topic gets its next neuron', () => {
    // Topics A, B, C. Neuron 5: A ×4, B ×3, C ×1; neuron 7: B ×2; neurons 8, 9: A ×1 each.
    const rows = Int32Array.from([5, 5, 5, 5, 5, -1, 5, 5, -1, 5, 7, -1, 9, 7, -1, 8, -1, -1]);
    const m = buildNeuronTopicMap({ method: 'x', chosen: rows, notes: [] }, 10, ['A', 'B', 'C']);
    expect(Array.from(modalNeurons(m))).toEqual([5, 5, 5]); // the old list: "5 = A", "5 = B", "5 = C"
    // Greedy over (A,5,4) (B,5,3) (B,7,2) (A,8,1) (A,9,1) (C,5,1): A ← 5, B ← 7; C's only neuron is taken.
    expect(Array.from(primaryNeurons(m))).toEqual([5, 7, -1]);
    expect(m.neurons.map((n) => [n.neuron, n.labelName])).toEqual([
      [5, 'A'],
      [7, 'B'],
      [8, 'A'],
      [9, 'A'],
    ]);
    expect(m.topics.map((t) => t.ownNeurons)).toEqual([[5, 8, 9], [7], []]);
    const labelled = m.neurons.map((n) => n.neuron);
    expect(new Set(labelled).size).toBe(labelled.length);
  });
  it('matching ties go to the lower topic, then the lower neuron', () => {
    // Neuron 3: topic 0 ×1, topic 1 ×1; neuron 4: topic 1 ×1.
    const m = buildNeuronTopicMap({ method: 'x', chosen: Int32Array.from([3, 3, -1, 4]), notes: [] }, 5, ['a', 'b']);
    expect(Array.from(primaryNeurons(m))).toEqual([3, 4]);
    // Neuron 2 and 6 both chosen once for the one topic: the lower is primary.
    const n = buildNeuronTopicMap({ method: 'x', chosen: Int32Array.from([6, 2]), notes: [] }, 7, ['a']);
    expect(n.topics[0]!.ownNeurons).toEqual([2, 6]);
  });
  it('preferred-topic ties go to the lowest topic index', () => {
    const m = buildNeuronTopicMap({ method: 'x', chosen: Int32Array.from([0, 0, 0]), notes: [] }, 1, ['c', 'b', 'a']);
    expect(m.neurons[0]!.preferredTopic).toBe(0);
  });
  it('writes CSV with quoted names and JSON that round-trips', () => {
    const csv = neuronTopicMapToCsv(map).trim().split('\n');
    expect(csv[0]).toBe('neuron,topic,topic_name,count,preferred,rank_in_topic,label');
    expect(csv).toContain('4,1,"girl, young",2,1,1,1');
    expect(csv).toContain('4,2,walk,1,0,2,0');
    expect(csv.length).toBe(1 + 5); // pairs (1,walk) (2,dog) (3,dog) (4,girl) (4,walk)
    const dir = mkdtempSync(join(tmpdir(), 'ntm-'));
    const paths = writeNeuronTopicMap(dir, map);
    expect(JSON.parse(readFileSync(paths.json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(map)));
  });
  it('rejects a chosen neuron outside the layer', () => {
    expect(() => buildNeuronTopicMap({ method: 'x', chosen: Int32Array.from([7]), notes: [] }, 5, ['a'])).toThrow(
      /chose neuron 7, outside 0..4/,
    );
  });
});
