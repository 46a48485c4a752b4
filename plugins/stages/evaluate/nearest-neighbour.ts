import type { FeatureStore } from '../features/read-features.js';

/** Mean over frames of a `[frames, dim]` matrix. */
export function meanFeature(data: Float32Array, frames: number, dim: number): Float32Array {
  const out = new Float32Array(dim);
  for (let f = 0; f < frames; f++) for (let d = 0; d < dim; d++) out[d]! += data[f * dim + d]!;
  for (let d = 0; d < dim; d++) out[d]! /= frames;
  return out;
}

/** The caption most often written for a clip (first written on ties): its annotators' consensus. */
export function consensusCaption(captions: readonly string[]): string {
  const counts = new Map<string, number>();
  let best = captions[0] ?? '';
  for (const c of captions) {
    const key = c.trim().toLowerCase();
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n > (counts.get(best.trim().toLowerCase()) ?? 0)) best = c;
  }
  return best;
}

/**
 * The nearest-neighbour baseline: each query video gets the consensus caption of the training
 * video whose mean frame feature is closest (Euclidean).
 */
export function nearestNeighbourCaptions(
  features: FeatureStore,
  trainIds: readonly string[],
  queryIds: readonly string[],
  captionsOf: (id: string) => string[],
): Map<string, string> {
  const dim = features.dim;
  const means = trainIds.map((id) => meanFeature(features.get(id), features.framesOf(id), dim));
  const out = new Map<string, string>();
  for (const q of queryIds) {
    const m = meanFeature(features.get(q), features.framesOf(q), dim);
    let best = 0;
    let bestDistance = Infinity;
    means.forEach((t, i) => {
      let d = 0;
      for (let k = 0; k < dim; k++) d += (t[k]! - m[k]!) ** 2;
      if (d < bestDistance) [best, bestDistance] = [i, d];
    });
    out.set(q, consensusCaption(captionsOf(trainIds[best]!)));
  }
  return out;
}
