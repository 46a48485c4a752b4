/**
 * One name per neuron, for every list of neurons a person sees (report tables and captions, the
 * studio). The attribute stage names each neuron once (`neurons[].label`) and lists each topic's
 * own neurons (`topics[].ownNeurons`, primary first). Maps written before that carry only PDM's
 * counts, where one neuron is chosen for many topics; for those each neuron is named by the topic
 * it was chosen for most (the builder's `preferredTopic`; ties → lowest topic index).
 */

export interface NeuronNames {
  /** Per neuron: the index of the topic that names it, or null (never chosen). */
  labelOf: (number | null)[];
  /** Per topic: the neurons it names, primary first. */
  ownNeurons: number[][];
  /** 'map': the names the attribute stage wrote; 'most chosen': derived here from an older map's counts. */
  source: 'map' | 'most chosen';
}

export interface NamingInput {
  numNeurons: number;
  numTopics: number;
  /** (neuron, topic) pairs PDM chose, with how often. */
  cells: readonly { neuron: number; topic: number; count: number }[];
  /** `topics[].ownNeurons` of the map, when it has them. */
  ownNeurons?: readonly (readonly number[])[];
  /** `neurons[].label` of the map, by neuron index, when it has them. */
  labels?: ReadonlyMap<number, number>;
}

const countOf = (cells: NamingInput['cells']) => {
  const m = new Map<string, number>();
  for (const c of cells) m.set(`${c.neuron}:${c.topic}`, (m.get(`${c.neuron}:${c.topic}`) ?? 0) + c.count);
  return (neuron: number, topic: number) => m.get(`${neuron}:${topic}`) ?? 0;
};

/** The naming of a map: its own when it has one (either field implies the other), else derived from the counts. */
export function nameNeurons(input: NamingInput): NeuronNames {
  const { numNeurons, numTopics, cells } = input;
  const count = countOf(cells);
  const labelOf: (number | null)[] = new Array<number | null>(numNeurons).fill(null);
  if (input.ownNeurons || input.labels) {
    if (input.labels) for (const [neuron, topic] of input.labels) if (neuron >= 0 && neuron < numNeurons) labelOf[neuron] = topic;
    if (input.ownNeurons)
      input.ownNeurons.forEach((list, t) => {
        for (const j of list) labelOf[j] ??= t;
      });
    const ownNeurons = input.ownNeurons
      ? Array.from({ length: numTopics }, (_, t) => [...(input.ownNeurons![t] ?? [])])
      : Array.from({ length: numTopics }, (_, t) => byCount(labelOf, t, count));
    return { labelOf, ownNeurons, source: 'map' };
  }
  for (let j = 0; j < numNeurons; j++) {
    let best = -1;
    let bestCount = 0;
    for (let t = 0; t < numTopics; t++) {
      const c = count(j, t);
      if (c > bestCount) [best, bestCount] = [t, c];
    }
    if (best >= 0) labelOf[j] = best;
  }
  return { labelOf, ownNeurons: Array.from({ length: numTopics }, (_, t) => byCount(labelOf, t, count)), source: 'most chosen' };
}

/** Neurons named by topic t, most often chosen for it first (then by index). */
function byCount(labelOf: readonly (number | null)[], t: number, count: (n: number, t: number) => number): number[] {
  const mine = labelOf.flatMap((l, j) => (l === t ? [j] : []));
  return mine.sort((a, b) => count(b, t) - count(a, t) || a - b);
}

/** `117 (black)`: a neuron with the one name it carries; `117` when it has none. */
export function neuronWithName(neuron: number, names: NeuronNames, topicLabels: readonly string[]): string {
  const t = names.labelOf[neuron];
  return t === null || t === undefined || topicLabels[t] === undefined ? String(neuron) : `${neuron} (${topicLabels[t]})`;
}
