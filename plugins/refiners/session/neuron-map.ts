import { fail, readStageJson } from './read-json.js';

/** Per topic, the neurons tied to it with how many (video, topic) pairs chose each (count desc). */
export interface TopicNeurons {
  numNeurons: number;
  byTopic: { neuron: number; count: number }[][];
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
    const byTopic = topics.map((t, k) => {
      if (!Array.isArray(t.neurons)) throw fail(file, `/topics/${k}/neurons`, 'an array of {neuron, count}', 'attribute');
      return (t.neurons as { neuron: number; count: number }[]).map((n, i) => {
        if (!Number.isInteger(n.neuron) || n.neuron < 0 || n.neuron >= numNeurons || typeof n.count !== 'number') {
          throw fail(file, `/topics/${k}/neurons/${i}`, `{neuron in [0, ${numNeurons}), count}`, 'attribute');
        }
        return { neuron: n.neuron, count: n.count };
      }).sort((a, b) => b.count - a.count || a.neuron - b.neuron);
    });
    return { numNeurons, byTopic };
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
 * maximization algorithm" (Sec. 4): every neuron PDM chose for topic t on at least one training
 * video (count > 0), most often chosen first, at most `max` of them.
 */
export function neuronsForTopic(map: TopicNeurons, topic: number, max = Number.POSITIVE_INFINITY): number[] {
  const list = map.byTopic[topic] ?? [];
  return list.filter((n) => n.count > 0).slice(0, max).map((n) => n.neuron);
}
