/**
 * PDM consistency: per topic, the share of its (video, topic) pairs whose chosen neuron is the
 * topic's modal (most chosen; ties → lowest index) neuron; overall = Σ modal counts / Σ pairs.
 * Topics no video has get null.
 */
export function pdmConsistency(
  chosen: Int32Array,
  n: number,
  k: number,
): { perTopic: (number | null)[]; modal: Int32Array; overall: number | null; pairs: number } {
  const counts = Array.from({ length: k }, () => new Map<number, number>());
  for (let v = 0; v < n; v++) {
    for (let i = 0; i < k; i++) {
      const j = chosen[v * k + i]!;
      if (j >= 0) counts[i]!.set(j, (counts[i]!.get(j) ?? 0) + 1);
    }
  }
  let hit = 0;
  let pairs = 0;
  const modal = new Int32Array(k).fill(-1);
  const perTopic = counts.map((m, i) => {
    let best = -1;
    let bestCount = 0;
    let total = 0;
    for (const [j, c] of m) {
      total += c;
      if (c > bestCount || (c === bestCount && j < best)) {
        best = j;
        bestCount = c;
      }
    }
    modal[i] = best;
    hit += bestCount;
    pairs += total;
    return total ? bestCount / total : null;
  });
  return { perTopic, modal, overall: pairs ? hit / pairs : null, pairs };
}
