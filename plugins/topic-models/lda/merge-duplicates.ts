/**
 * Merging of duplicate topics. With more topics than the captions have concepts, LDA splits one
 * concept into near-identical topics over the same words (the quick world's "small" became three
 * topics over small/little/tiny, "dog" two); each copy then takes only part of a video's tokens,
 * falls under the occurrence threshold, and no neuron can be trained to read it. Topics whose
 * word distributions overlap by a Bhattacharyya coefficient BC(φ_a, φ_b) = Σ_w √(φ_aw φ_bw) of at
 * least `threshold` are one topic: their counts are added (single linkage, so a chain of
 * duplicates becomes one group). Distinct concepts that share a few words (left/right share
 * "moves", "moving") overlap far less: 0.50 against ≥ 0.80 for the copies in the quick world.
 */

export interface MergedCounts {
  numTopics: number;
  topicWordCounts: Int32Array;
  docTopicCounts: Int32Array;
  /** For each merged topic, the original topics it holds (ascending); ordered by first member. */
  groups: number[][];
}

/** `[K, K]` Bhattacharyya coefficients of the smoothed topic-word distributions. */
export function topicOverlap(topicWordCounts: Int32Array, K: number, V: number, beta: number): Float64Array {
  const root = new Float64Array(K * V);
  for (let k = 0; k < K; k++) {
    let tot = 0;
    for (let v = 0; v < V; v++) tot += topicWordCounts[k * V + v]!;
    const inv = 1 / (tot + V * beta);
    for (let v = 0; v < V; v++) root[k * V + v] = Math.sqrt((topicWordCounts[k * V + v]! + beta) * inv);
  }
  const bc = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    bc[a * K + a] = 1;
    for (let b = a + 1; b < K; b++) {
      let s = 0;
      for (let v = 0; v < V; v++) s += root[a * V + v]! * root[b * V + v]!;
      bc[a * K + b] = s;
      bc[b * K + a] = s;
    }
  }
  return bc;
}

/** Merge the topics that overlap by at least `threshold`; `groups` is the identity when none do. */
export function mergeDuplicateTopics(
  topicWordCounts: Int32Array,
  docTopicCounts: Int32Array,
  K: number,
  V: number,
  beta: number,
  threshold: number,
): MergedCounts {
  const bc = topicOverlap(topicWordCounts, K, V, beta);
  const parent = Array.from({ length: K }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  for (let a = 0; a < K; a++) {
    for (let b = a + 1; b < K; b++) {
      if (bc[a * K + b]! < threshold) continue;
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
  const groupOf = new Map<number, number[]>();
  for (let k = 0; k < K; k++) {
    const r = find(k);
    const g = groupOf.get(r) ?? [];
    g.push(k);
    groupOf.set(r, g);
  }
  const groups = [...groupOf.values()].sort((x, y) => x[0]! - y[0]!);
  const K2 = groups.length;
  const D = docTopicCounts.length / K;
  const tw = new Int32Array(K2 * V);
  const dt = new Int32Array(D * K2);
  groups.forEach((members, g) => {
    for (const k of members) {
      for (let v = 0; v < V; v++) tw[g * V + v]! += topicWordCounts[k * V + v]!;
      for (let d = 0; d < D; d++) dt[d * K2 + g]! += docTopicCounts[d * K + k]!;
    }
  });
  return { numTopics: K2, topicWordCounts: tw, docTopicCounts: dt, groups };
}
