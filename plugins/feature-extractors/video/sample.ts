/**
 * Indices of `n` equally spaced frames out of `total`: the centre frame of each of `n` equal
 * segments,
 *
 *     index_k = floor((k + 0.5) · total / n),   k = 0 … n − 1.
 *
 * E.g. total 75, n 5 → 7, 22, 37, 52, 67. With fewer frames than `n` some frames repeat
 * (total 2, n 4 → 0, 0, 1, 1), so every video yields exactly `n` frames.
 */
export function sampleIndices(total: number, n: number): number[] {
  if (!Number.isInteger(total) || total < 1) throw new RangeError(`sampleIndices: total must be a positive integer, got ${total}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sampleIndices: n must be a positive integer, got ${n}`);
  return Array.from({ length: n }, (_, k) => Math.min(total - 1, Math.floor(((k + 0.5) * total) / n)));
}
