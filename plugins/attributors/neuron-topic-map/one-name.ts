/**
 * One name per neuron. Primary neurons are a greedy one-to-one matching over the (topic, neuron,
 * count) choices, count desc (ties: topic asc, then neuron asc): a pair is taken when neither its
 * topic nor its neuron is taken yet. A primary neuron is named after the topic it was matched to;
 * every other chosen neuron after its preferred topic. So no neuron carries two names, and a topic
 * ends without a neuron of its own only when every neuron it was chosen for is another's primary.
 */
export function oneNamePerNeuron(
  counts: ReadonlyMap<number, ReadonlyMap<number, number>>, // neuron → topic → count
  preferredTopic: ReadonlyMap<number, number>,
  numTopics: number,
): { label: Map<number, number>; primary: Int32Array } {
  const triples: { topic: number; neuron: number; count: number }[] = [];
  for (const [neuron, byTopic] of counts) for (const [topic, count] of byTopic) triples.push({ topic, neuron, count });
  triples.sort((a, b) => b.count - a.count || a.topic - b.topic || a.neuron - b.neuron);
  const primary = new Int32Array(numTopics).fill(-1);
  const label = new Map<number, number>();
  for (const { topic, neuron } of triples) {
    if (primary[topic] !== -1 || label.has(neuron)) continue;
    primary[topic] = neuron;
    label.set(neuron, topic);
  }
  for (const [neuron, topic] of preferredTopic) if (!label.has(neuron)) label.set(neuron, topic);
  return { label, primary };
}
