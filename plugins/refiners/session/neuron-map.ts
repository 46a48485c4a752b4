import { parseNeuronMap } from '../../stages/attribute/parse-outputs.js';
import { isObject, readStageFile, shapeFail } from '../../stages/shape-error.js';

/** Per topic, the neurons tied to it with how many (video, topic) pairs chose each (count desc). */
export interface TopicNeurons {
  numNeurons: number;
  byTopic: { neuron: number; count: number }[][];
  /** Per topic, the neurons named by it (one name per neuron; primary first), when the map gives them. */
  own?: number[][];
}

/**
 * Read `attribute/neuron-topic-map.json` in any form the attribute stage's parser knows
 * (plugins/stages/attribute/parse-outputs.ts): the attributors' builder form with
 * `topics[].neurons` / `ownNeurons`, or the layout's `counts` [D][K] matrix. `own` is given
 * only when every topic lists its own neurons.
 */
export function readNeuronMap(file: string, numTopics: number): TopicNeurons {
  return readStageFile(file, 'attribute', (raw) => {
    const map = parseNeuronMap(raw);
    if (map.topicNames.length !== numTopics)
      shapeFail('/topicNames', `${numTopics} topics (as the topics stage found)`, map.topicNames.length);
    const byTopic = map.topicNames.map((_, k) =>
      map.cells
        .filter((c) => c.topic === k)
        .map(({ neuron, count }) => ({ neuron, count }))
        .sort((a, b) => b.count - a.count || a.neuron - b.neuron),
    );
    const topics = isObject(raw) && Array.isArray(raw.topics) ? raw.topics : [];
    const everyOwn = topics.length === numTopics && topics.every((t) => isObject(t) && Array.isArray(t.ownNeurons));
    return everyOwn && map.ownNeurons
      ? { numNeurons: map.numNeurons, byTopic, own: map.ownNeurons }
      : { numNeurons: map.numNeurons, byTopic };
  });
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
  return list
    .filter((n) => n.count > 0)
    .slice(0, max)
    .map((n) => n.neuron);
}
