import { fail, readStageJson } from './read-json.js';

/** Per topic, the neurons tied to it with how many (video, topic) pairs chose each (count desc). */
export interface TopicNeurons {
  numNeurons: number;
  byTopic: { neuron: number; count: number }[][];
  /** Per topic, the neurons named by it (one name per neuron; primary first), when the map gives them. */
  own?: number[][];
}

/**
 * Read `attribute/neuron-topic-map.json` in either form the attributors write:
 * `{numNeurons, topics: [{neurons: [{neuron, count}]}]}` (NeuronTopicMap) or
 * `{counts: [D][K], topicNeurons: [K][]}` (RUN-LAYOUT.md).
 */
export function readNeuronMap(file: string, numTopics: number): TopicNeurons {
  const j = readStageJson(file, 'attribute') as Record<string, unknown>;
  if (Array.isArray(j.topics)) {
    const topics = j.topics as { neurons?: unknown }[];
    if (topics.length !== numTopics) throw fail(file, '/topics', `${numTopics} topics (as the topics stage found)`, 'attribute');
    const numNeurons = j.numNeurons;
    if (typeof numNeurons !== 'number') throw fail(file, '/numNeurons', 'a number', 'attribute');
    const own = topics.every((t) => Array.isArray((t as { ownNeurons?: unknown }).ownNeurons))
      ? topics.map((t, k) => ((t as { ownNeurons: unknown[] }).ownNeurons).map((j, i) => {
          if (!Number.isInteger(j) || (j as number) < 0 || (j as number) >= numNeurons) throw fail(file, `/topics/${k}/ownNeurons/${i}`, `a neuron in [0, ${numNeurons})`, 'attribute');
          return j as number;
        }))
      : undefined;
    const byTopic = topics.map((t, k) => {
      if (!Array.isArray(t.neurons)) throw fail(file, `/topics/${k}/neurons`, 'an array of {neuron, count}', 'attribute');
      return (t.neurons as { neuron: number; count: number }[]).map((n, i) => {
        if (!Number.isInteger(n.neuron) || n.neuron < 0 || n.neuron >= numNeurons || typeof n.count !== 'number') {
          throw fail(file, `/topics/${k}/neurons/${i}`, `{neuron in [0, ${numNeurons}), count}`, 'attribute');
        }
        return { neuron: n.neuron, count: n.count };
      }).sort((a, b) => b.count - a.count || a.neuron - b.neuron);
    });
    return own ? { numNeurons, byTopic, own } : { numNeurons, byTopic };
  }
  if (Array.isArray(j.counts)) {
    const counts = j.counts as number[][];
    const numNeurons = counts.length;
    const byTopic = Array.from({ length: numTopics }, (_, k) => {
      const list: { neuron: number; count: number }[] = [];
      counts.forEach((row, d) => {
        if (!Array.isArray(row) || row.length !== numTopics) throw fail(file, `/counts/${d}`, `${numTopics} counts`, 'attribute');
        if (row[k]! > 0) list.push({ neuron: d, count: row[k]! });
      });
      return list.sort((a, b) => b.count - a.count || a.neuron - b.neuron);
    });
    return { numNeurons, byTopic };
  }
  throw fail(file, '/', 'a neuron–topic map with "topics" or "counts"', 'attribute');
}

/**
 * The "set of neurons associated with t, which are already found by the prediction difference
 * maximization algorithm" (Sec. 4): the neurons the map names by topic t (one name per neuron,
 * primary first), so a refinement for t never raises a neuron that reads as another topic. A map
 * without names (older runs, the counts form) gives every neuron PDM chose for t on at least one
 * training video, most often chosen first. At most `max` of them.
 */
export function neuronsForTopic(map: TopicNeurons, topic: number, max = Number.POSITIVE_INFINITY): number[] {
  if (map.own) return (map.own[topic] ?? []).slice(0, max);
  const list = map.byTopic[topic] ?? [];
  return list.filter((n) => n.count > 0).slice(0, max).map((n) => n.neuron);
}
