import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../core/runner/atomic.js';
import type { NeuronTopicMap } from './build.js';

export function neuronTopicMapToJson(map: NeuronTopicMap): string {
  return `${JSON.stringify(map, null, 2)}\n`;
}

const csvField = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * One row per (neuron, topic) pair with a count > 0; `preferred` is 1 on the neuron's preferred
 * topic, `label` 1 on its one name (NeuronEntry.label).
 */
export function neuronTopicMapToCsv(map: NeuronTopicMap): string {
  const lines = ['neuron,topic,topic_name,count,preferred,rank_in_topic,label'];
  const rank = new Map<string, number>();
  for (const t of map.topics) {
    t.neurons.forEach((n, r) => {
      rank.set(`${n.neuron}/${t.topic}`, r + 1);
    });
  }
  for (const ne of map.neurons) {
    for (const t of ne.topics) {
      lines.push(
        [
          ne.neuron,
          t.topic,
          csvField(t.name),
          t.count,
          t.topic === ne.preferredTopic ? 1 : 0,
          rank.get(`${ne.neuron}/${t.topic}`)!,
          t.topic === ne.label ? 1 : 0,
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Write `<base>.json` and `<base>.csv` into `dir` atomically; returns both paths. */
export function writeNeuronTopicMap(dir: string, map: NeuronTopicMap, base = 'neuron-topic-map'): { json: string; csv: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${base}.json`);
  const csv = join(dir, `${base}.csv`);
  writeFileAtomic(json, neuronTopicMapToJson(map));
  writeFileAtomic(csv, neuronTopicMapToCsv(map));
  return { json, csv };
}
