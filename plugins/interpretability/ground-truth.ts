import { aurocFromRanks, midRanks, signAware } from './auroc.js';
import { direction } from './direction.js';

export type GroundTruth = Record<string, number> | undefined;

export interface GroundTruthAgreement {
  /** Share of judged topics whose primary neuron tracks the topic's attribute (null if none is judged). */
  agreement: number | null;
  /** Per topic: the attribute its topic vector matches best over the map videos (Jaccard), or null. */
  topicAttributes: { topic: number; attribute: string | null; jaccard: number }[];
  /** Per topic with a primary neuron: the attribute that neuron tracks best on the evaluation videos. */
  neurons: {
    topic: number;
    neuron: number;
    topicAttribute: string | null;
    trackedAttribute: string | null;
    /** Direction of the neuron for the tracked attribute, fixed on the map videos. */
    direction: 1 | -1 | null;
    /** Direction-aware correlation of the neuron with the tracked attribute on the evaluation videos (what picks it). */
    correlation: number | null;
    /** Sign-aware AUROC of the neuron for the tracked attribute on the evaluation videos. */
    auroc: number | null;
    agrees: boolean | null;
  }[];
}

const rowsOf = (mask: Uint8Array | undefined, n: number, keep: (v: number) => boolean): number[] =>
  Array.from({ length: n }, (_, v) => v).filter((v) => (!mask || mask[v]) && keep(v));

/**
 * Agreement of the neurons a user sees with synthetic ground truth. `groundTruth[v]` maps
 * attribute name → present (1) / absent (0) for video v. Two matchings:
 * - topic i ↦ the attribute whose presence best matches s_i over the map videos (highest Jaccard
 *   |s ∧ g| / |s ∨ g|; ties → attribute name order), so no string matching of words to attributes;
 * - the topic's primary neuron j ↦ the attribute it tracks best on the evaluation videos: highest
 *   direction · Pearson correlation of v̄_j with the attribute's presence (the point-biserial r),
 *   the direction of each (neuron, attribute) fixed on the map videos (ties → name order). Not
 *   AUROC: it ignores base rates, so with a few hundred videos some rare attribute (2–3 positives)
 *   reaches a high AUROC by chance for almost any neuron; r also asks that the neuron explain the
 *   attribute's variance.
 * A topic agrees when both give the same attribute; topics without a neuron or an attribute are not judged.
 */
export function groundTruthAgreement(args: {
  features: Float32Array;
  topicVectors: Uint8Array;
  numVideos: number;
  numNeurons: number;
  numTopics: number;
  groundTruth: GroundTruth[];
  /** Per topic, its primary neuron (-1: none). */
  primary: Int32Array;
  mapMask?: Uint8Array;
  evalMask?: Uint8Array;
}): GroundTruthAgreement {
  const { features, topicVectors, numVideos: n, numNeurons: d, numTopics: k, groundTruth, primary } = args;
  const known = (v: number): boolean => Boolean(groundTruth[v]);
  const mapVideos = rowsOf(args.mapMask, n, known);
  const evalVideos = rowsOf(args.evalMask, n, known);
  const attributes = [...new Set([...mapVideos, ...evalVideos].flatMap((v) => Object.keys(groundTruth[v]!)))].sort();
  const presence = (videos: number[], a: string): Uint8Array => Uint8Array.from(videos, (v) => (groundTruth[v]![a] ? 1 : 0));
  const onMap = new Map(attributes.map((a) => [a, presence(mapVideos, a)]));
  const onEval = new Map(attributes.map((a) => [a, presence(evalVideos, a)]));

  const topicAttributes = Array.from({ length: k }, (_, i) => {
    let attribute: string | null = null;
    let jaccard = 0;
    for (const a of attributes) {
      const g = onMap.get(a)!;
      let inter = 0;
      let union = 0;
      mapVideos.forEach((v, r) => {
        const s = topicVectors[v * k + i]!;
        inter += s & g[r]!;
        union += s | g[r]!;
      });
      const jac = union ? inter / union : 0;
      if (jac > jaccard) {
        jaccard = jac;
        attribute = a;
      }
    }
    return { topic: i, attribute, jaccard };
  });

  const neurons: GroundTruthAgreement['neurons'] = [];
  primary.forEach((neuron, topic) => {
    if (neuron < 0) return;
    const mapActs = Float64Array.from(mapVideos, (v) => features[v * d + neuron]!);
    const evalRanks = midRanks(Float64Array.from(evalVideos, (v) => features[v * d + neuron]!));
    const evalActs = Float64Array.from(evalVideos, (v) => features[v * d + neuron]!);
    let trackedAttribute: string | null = null;
    let best: number | null = null;
    let bestDirection: 1 | -1 | null = null;
    for (const a of attributes) {
      const dir = direction(mapActs, onMap.get(a)!);
      const r = pearson(evalActs, onEval.get(a)!);
      if (r !== null && (best === null || dir * r > best)) {
        best = dir * r;
        trackedAttribute = a;
        bestDirection = dir;
      }
    }
    const auroc = trackedAttribute === null ? null : signAware(aurocFromRanks(evalRanks, onEval.get(trackedAttribute)!), bestDirection!);
    const topicAttribute = topicAttributes[topic]!.attribute;
    const agrees = topicAttribute === null || trackedAttribute === null ? null : topicAttribute === trackedAttribute;
    neurons.push({ topic, neuron, topicAttribute, trackedAttribute, direction: bestDirection, correlation: best, auroc, agrees });
  });
  const judged = neurons.filter((x) => x.agrees !== null);
  return { agreement: judged.length ? judged.filter((x) => x.agrees).length / judged.length : null, topicAttributes, neurons };
}

/** Pearson correlation of x with a 0/1 vector y (null when either is constant). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i]! - mx;
    const b = y[i]! - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}
