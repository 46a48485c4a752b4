/** Mean feature vectors of the selected videos with and without one topic (the paper's Fig. 3 compares these subsets). */
export interface TopicContrast {
  positives: number;
  negatives: number;
  /** Mean v̄ over the selected videos that have the topic (`[D]`; null when none). */
  withMean: Float64Array | null;
  /** Mean v̄ over the selected videos that do not (`[D]`; null when none). */
  withoutMean: Float64Array | null;
  /** withMean − withoutMean (null when either is). */
  contrast: Float64Array | null;
}

/**
 * Per topic, mean v̄ over the selected videos with and without it. One pass for the total and one
 * per (video, present topic), so the cost is N·D·(1 + topics per video), not N·D·K.
 */
export function topicContrasts(
  features: Float32Array,
  topicVectors: Uint8Array,
  n: number,
  d: number,
  k: number,
  mask?: Uint8Array,
): TopicContrast[] {
  const total = new Float64Array(d);
  const withSum = Array.from({ length: k }, () => new Float64Array(d));
  const positives = new Array<number>(k).fill(0);
  let selected = 0;
  for (let v = 0; v < n; v++) {
    if (mask && !mask[v]) continue;
    selected++;
    const row = features.subarray(v * d, (v + 1) * d);
    for (let j = 0; j < d; j++) total[j]! += row[j]!;
    for (let i = 0; i < k; i++) {
      if (!topicVectors[v * k + i]) continue;
      positives[i]!++;
      const sum = withSum[i]!;
      for (let j = 0; j < d; j++) sum[j]! += row[j]!;
    }
  }
  return withSum.map((sum, i) => {
    const pos = positives[i]!;
    const neg = selected - pos;
    const withMean = pos ? sum.map((x) => x / pos) : null;
    const withoutMean = neg ? sum.map((x, j) => (total[j]! - x) / neg) : null;
    const contrast = withMean && withoutMean ? withMean.map((x, j) => x - withoutMean[j]!) : null;
    return { positives: pos, negatives: neg, withMean, withoutMean, contrast };
  });
}

/** Index of the largest |value| (ties → lowest index); -1 for an empty profile. */
export function argmaxAbs(values: ArrayLike<number>): number {
  let best = -1;
  for (let j = 0; j < values.length; j++) if (best < 0 || Math.abs(values[j]!) > Math.abs(values[best]!)) best = j;
  return best;
}
