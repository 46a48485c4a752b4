import type { AttributionResult } from '../../../core/contracts/attributor.js';
import { TopiclensError } from '../../../core/errors.js';

export interface NeuronEntry {
  neuron: number;
  /** Topic chosen most often for this neuron (ties: lowest topic index). */
  preferredTopic: number;
  preferredTopicName: string;
  /** (video, topic) pairs that chose this neuron. */
  total: number;
  /** Per topic, count desc then topic asc. */
  topics: { topic: number; name: string; count: number }[];
}

export interface TopicEntry {
  topic: number;
  name: string;
  /** (video, topic) pairs for this topic (= videos that have it). */
  pairs: number;
  /** Neurons chosen for this topic, count desc then neuron asc; the first is the modal neuron. */
  neurons: { neuron: number; count: number }[];
}

export interface NeuronTopicMap {
  method: string;
  numNeurons: number;
  numTopics: number;
  numVideos: number;
  topicNames: string[];
  /** Neurons chosen at least once, ascending. */
  neurons: NeuronEntry[];
  /** Every topic, ascending (topics no video has get `pairs: 0, neurons: []`). */
  topics: TopicEntry[];
  notes: string[];
}

/** Count (neuron, topic) choices over all videos of an AttributionResult. */
export function buildNeuronTopicMap(result: AttributionResult, numNeurons: number, topicNames: string[]): NeuronTopicMap {
  const k = topicNames.length;
  if (k === 0 || result.chosen.length % k !== 0) {
    throw new TopiclensError(`Neuron-topic map: ${result.chosen.length} chosen entries do not split into rows of ${k} topics.`);
  }
  const n = result.chosen.length / k;
  const counts = new Map<number, Map<number, number>>(); // neuron → topic → count
  const pairs = new Array<number>(k).fill(0);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < k; i++) {
      const j = result.chosen[r * k + i]!;
      if (j === -1) continue;
      if (!Number.isInteger(j) || j < 0 || j >= numNeurons) {
        throw new TopiclensError(`Neuron-topic map: video row ${r}, topic ${i} chose neuron ${j}, outside 0..${numNeurons - 1}.`);
      }
      pairs[i]!++;
      const m = counts.get(j) ?? new Map<number, number>();
      m.set(i, (m.get(i) ?? 0) + 1);
      counts.set(j, m);
    }
  }
  const neurons: NeuronEntry[] = [...counts.keys()].sort((a, b) => a - b).map((neuron) => {
    const topics = [...counts.get(neuron)!.entries()]
      .map(([topic, count]) => ({ topic, name: topicNames[topic]!, count }))
      .sort((a, b) => b.count - a.count || a.topic - b.topic);
    return { neuron, preferredTopic: topics[0]!.topic, preferredTopicName: topics[0]!.name, total: topics.reduce((s, t) => s + t.count, 0), topics };
  });
  const byTopic: { neuron: number; count: number }[][] = Array.from({ length: k }, () => []);
  for (const ne of neurons) for (const t of ne.topics) byTopic[t.topic]!.push({ neuron: ne.neuron, count: t.count });
  const topics: TopicEntry[] = topicNames.map((name, topic) => ({
    topic,
    name,
    pairs: pairs[topic]!,
    neurons: byTopic[topic]!.sort((a, b) => b.count - a.count || a.neuron - b.neuron),
  }));
  return { method: result.method, numNeurons, numTopics: k, numVideos: n, topicNames, neurons, topics, notes: result.notes };
}

/** Each topic's modal neuron (-1 for a topic no video has). */
export function modalNeurons(map: NeuronTopicMap): Int32Array {
  return Int32Array.from(map.topics, (t) => (t.neurons.length ? t.neurons[0]!.neuron : -1));
}
