/** 1-based mid-ranks of `scores` (tied values share the mean of their ranks). */
export function midRanks(scores: ArrayLike<number>): Float64Array {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const midRank = (start + end) / 2 + 1;
    for (let q = start; q <= end; q++) ranks[order[q]!] = midRank;
    start = end + 1;
  }
  return ranks;
}

/** AUROC from precomputed mid-ranks (see `auroc`); lets one ranking serve many label vectors. */
export function aurocFromRanks(ranks: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = ranks.length;
  if (labels.length !== n) throw new RangeError(`auroc: ${n} scores but ${labels.length} labels`);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i]) {
      rankSumPos += ranks[i]!;
      pos++;
    }
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Exact AUROC of `scores` for detecting `labels` = 1, with ties counted half (the Mann-Whitney U
 * statistic / (n₊·n₋), computed from mid-ranks). Null when one class is absent (AUROC undefined):
 * callers report that instead of a NaN.
 */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  if (labels.length !== scores.length) throw new RangeError(`auroc: ${scores.length} scores but ${labels.length} labels`);
  return aurocFromRanks(midRanks(scores), labels);
}

/**
 * AUROC of direction·scores, without re-ranking: reversing the order maps AUROC a to 1 − a
 * exactly (ties still count half).
 */
export const signAware = (a: number | null, direction: 1 | -1): number | null => (a === null ? null : direction > 0 ? a : 1 - a);
