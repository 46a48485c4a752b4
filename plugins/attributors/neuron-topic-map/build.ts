import type { AttributionResult } from '../../../core/contracts/attributor.js';
import { TopiclensError } from '../../../core/errors.js';
import { oneNamePerNeuron } from './one-name.js';

export interface NeuronEntry {
  neuron: number;
  /** Topic chosen most often for this neuron (ties: lowest topic index). */
  preferredTopic: number;
  preferredTopicName: string;
  /**
   * The neuron's one name (see one-name.ts): the topic it was matched to as a primary neuron, else
   * its preferred topic. Every list a user sees names a neuron by this label only.
   */
  label: number;
  labelName: string;
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
  /**
   * Neurons whose `label` is this topic: its primary neuron first, then by count desc, neuron asc.
   * Empty only when every neuron chosen for the topic is another topic's primary neuron.
   */
  ownNeurons: number[];
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
  const ranked = [...counts.keys()]
    .sort((a, b) => a - b)
    .map((neuron) => {
      const topics = [...counts.get(neuron)!.entries()]
        .map(([topic, count]) => ({ topic, name: topicNames[topic]!, count }))
        .sort((a, b) => b.count - a.count || a.topic - b.topic);
      return { neuron, topics };
    });
  const { label, primary } = oneNamePerNeuron(counts, new Map(ranked.map((r) => [r.neuron, r.topics[0]!.topic])), k);
  const neurons: NeuronEntry[] = ranked.map(({ neuron, topics }) => ({
    neuron,
    preferredTopic: topics[0]!.topic,
    preferredTopicName: topics[0]!.name,
    label: label.get(neuron)!,
    labelName: topicNames[label.get(neuron)!]!,
    total: topics.reduce((s, t) => s + t.count, 0),
    topics,
  }));
  const byTopic: { neuron: number; count: number }[][] = Array.from({ length: k }, () => []);
  for (const ne of neurons) for (const t of ne.topics) byTopic[t.topic]!.push({ neuron: ne.neuron, count: t.count });
  const topics: TopicEntry[] = topicNames.map((name, topic) => {
    const chosenFor = byTopic[topic]!.sort((a, b) => b.count - a.count || a.neuron - b.neuron);
    const own = chosenFor.filter((c) => label.get(c.neuron) === topic).map((c) => c.neuron);
    const first = primary[topic]!;
    return {
      topic,
      name,
      pairs: pairs[topic]!,
      neurons: chosenFor,
      ownNeurons: first < 0 ? own : [first, ...own.filter((j) => j !== first)],
    };
  });
  return { method: result.method, numNeurons, numTopics: k, numVideos: n, topicNames, neurons, topics, notes: result.notes };
}

/** Each topic's primary neuron, its one-to-one named neuron (-1: none of its own). */
export function primaryNeurons(map: NeuronTopicMap): Int32Array {
  return Int32Array.from(map.topics, (t) => t.ownNeurons[0] ?? -1);
}

/** Each topic's modal neuron (-1 for a topic no video has). It may also be another topic's: show `primaryNeurons` to people. */
export function modalNeurons(map: NeuronTopicMap): Int32Array {
  return Int32Array.from(map.topics, (t) => (t.neurons.length ? t.neurons[0]!.neuron : -1));
}
