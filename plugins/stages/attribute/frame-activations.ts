import type { TopicScore } from '../../interpretability/index.js';

/** attribute/frame-activations.json: video → topic name → its primary neuron's activation per frame (Fig. 4). */
export type FrameActivationsFile = Record<
  string,
  Record<string, { neuron: number; direction: 1 | -1; relevant: boolean; values: number[] }>
>;

/**
 * Per sample video, the activation through time of each topic's primary own neuron (the neuron the
 * lists name after it; topics without one are left out). `frames.get(id)` is `[frames, D]`.
 */
export function frameActivations(
  samples: readonly string[],
  frames: ReadonlyMap<string, Float32Array>,
  numNeurons: number,
  perTopic: readonly TopicScore[],
  topicVectorOf: (id: string) => ArrayLike<number>,
): FrameActivationsFile {
  const d = numNeurons;
  const out: FrameActivationsFile = {};
  for (const id of samples) {
    const perFrame = frames.get(id)!;
    const n = perFrame.length / d;
    const s = topicVectorOf(id);
    const entry: FrameActivationsFile[string] = {};
    for (const t of perTopic) {
      if (t.neuron < 0 || t.direction === null) continue;
      entry[t.name] = {
        neuron: t.neuron,
        direction: t.direction,
        relevant: s[t.topic] === 1,
        values: Array.from({ length: n }, (_, f) => perFrame[f * d + t.neuron]!),
      };
    }
    out[id] = entry;
  }
  return out;
}
