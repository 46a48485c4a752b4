/**
 * Exact AUROC of `scores` for detecting `labels` = 1, with ties counted half (the Mann-Whitney U
 * statistic / (n₊·n₋), computed from mid-ranks). Null when one class is absent (AUROC undefined):
 * callers report that instead of a NaN.
 */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length;
  if (labels.length !== n) throw new RangeError(`auroc: ${n} scores but ${labels.length} labels`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  let pos = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const midRank = (start + end) / 2 + 1; // 1-based mid-rank of the tie group
    for (let q = start; q <= end; q++) {
      if (labels[order[q]!]) {
        rankSumPos += midRank;
        pos++;
      }
    }
    start = end + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}
