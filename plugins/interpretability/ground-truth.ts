import { auroc } from './auroc.js';

export type GroundTruth = Record<string, number> | undefined;

export interface GroundTruthAgreement {
  /** Share of labelled neurons whose best-tracked attribute is their topic's attribute (null if none qualify). */
  agreement: number | null;
  /** Per topic: the attribute its topic vector matches best (Jaccard over videos), or null. */
  topicAttributes: { topic: number; attribute: string | null; jaccard: number }[];
  neurons: { neuron: number; topic: number; topicAttribute: string | null; trackedAttribute: string | null; auroc: number | null; agrees: boolean | null }[];
}

/**
 * Agreement of neuron labels with synthetic ground truth. `groundTruth[v]` maps attribute name →
 * present (1) / absent (0) for video v. Two matchings, both over the masked videos:
 * - topic i ↦ the attribute whose presence best matches s_i (highest Jaccard |s ∧ g| / |s ∨ g|;
 *   ties → attribute name order), so no string matching between topic words and attribute names;
 * - neuron j ↦ the attribute its activation v̄_j detects best (highest AUROC, ties → name order).
 * A labelled neuron (neuron → its preferred topic) agrees when both give the same attribute.
 */
export function groundTruthAgreement(args: {
  features: Float32Array;
  topicVectors: Uint8Array;
  numVideos: number;
  numNeurons: number;
  numTopics: number;
  groundTruth: GroundTruth[];
  /** neuron → preferred topic, for the labelled neurons. */
  labels: { neuron: number; topic: number }[];
  mask?: Uint8Array;
}): GroundTruthAgreement {
  const { features, topicVectors, numVideos: n, numNeurons: d, numTopics: k, groundTruth, labels, mask } = args;
  const videos = Array.from({ length: n }, (_, v) => v).filter((v) => (!mask || mask[v]) && groundTruth[v]);
  const attributes = [...new Set(videos.flatMap((v) => Object.keys(groundTruth[v]!)))].sort();
  const present = (v: number, a: string): number => (groundTruth[v]![a] ? 1 : 0);
  const topicAttributes = Array.from({ length: k }, (_, i) => {
    let attribute: string | null = null;
    let jaccard = 0;
    for (const a of attributes) {
      let inter = 0;
      let union = 0;
      for (const v of videos) {
        const s = topicVectors[v * k + i]!;
        const g = present(v, a);
        inter += s & g;
        union += s | g;
      }
      const jac = union ? inter / union : 0;
      if (jac > jaccard) { jaccard = jac; attribute = a; }
    }
    return { topic: i, attribute, jaccard };
  });
  const neurons = labels.map(({ neuron, topic }) => {
    const acts = videos.map((v) => features[v * d + neuron]!);
    let trackedAttribute: string | null = null;
    let best: number | null = null;
    for (const a of attributes) {
      const s = auroc(acts, videos.map((v) => present(v, a)));
      if (s !== null && (best === null || s > best)) { best = s; trackedAttribute = a; }
    }
    const topicAttribute = topicAttributes[topic]?.attribute ?? null;
    const agrees = topicAttribute === null || trackedAttribute === null ? null : topicAttribute === trackedAttribute;
    return { neuron, topic, topicAttribute, trackedAttribute, auroc: best, agrees };
  });
  const judged = neurons.filter((x) => x.agrees !== null);
  return { agreement: judged.length ? judged.filter((x) => x.agrees).length / judged.length : null, topicAttributes, neurons };
}
