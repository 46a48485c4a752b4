import { nameNeurons, type NeuronNames } from '../report/neuron-names.js';
import { readPart } from '../report/read-run.js';
import type { RefineSession } from '../refiners/session/session.js';

/**
 * What the studio shows of the run's neuron–topic map: the one name of each neuron, as the report
 * names them (the map's own labels, `neurons[].label` / `topics[].ownNeurons`, or for an older
 * map the topic PDM chose the neuron for most), and the attributor that made it. Read from
 * attribute/neuron-topic-map.json; should that not parse here, names come from the counts the
 * session already read.
 */
export function readStudioMap(session: RefineSession): { names: NeuronNames; attributor?: string } {
  const map = readPart(session.data.runDir, 'neuronMap');
  const attributor = session.data.config.attributor?.type ?? (map.ok && map.value.method !== 'unknown' ? map.value.method : undefined);
  const extra = attributor ? { attributor } : {};
  if (map.ok && map.value.topicNames.length === session.data.topics.numTopics) return { names: map.value.names, ...extra };
  const { numNeurons, byTopic } = session.data.neurons;
  return {
    names: nameNeurons({
      numNeurons,
      numTopics: byTopic.length,
      cells: byTopic.flatMap((list, topic) => list.map((n) => ({ neuron: n.neuron, topic, count: n.count }))),
    }),
    ...extra,
  };
}
