/** Mean and sample standard deviation (n − 1; null for fewer than two values) of the finite values. */
export interface Stat {
  mean: number | null;
  std: number | null;
  n: number;
  values: number[];
}

type Maybe = number | null | undefined;
const finite = (x: Maybe): x is number => typeof x === 'number' && Number.isFinite(x);

export function stat(values: Maybe[]): Stat {
  const v = values.filter(finite);
  if (!v.length) return { mean: null, std: null, n: 0, values: [] };
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const std = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)) : null;
  return { mean, std, n: v.length, values: v };
}

/** The paired difference `after[k] − before[k]` over the positions (seeds) where both are finite. */
export function pairedDifference(before: Maybe[], after: Maybe[]): Stat {
  if (before.length !== after.length)
    throw new Error(`pairedDifference: ${before.length} values against ${after.length}; pair them by seed.`);
  return stat(before.map((b, k) => (finite(b) && finite(after[k]) ? (after[k] as number) - b : null)));
}

/** `0.412 ± 0.010` (or `0.412` for one value, `—` for none); `scale` multiplies (100 for percent). */
export function formatStat(s: Stat, digits: number, scale = 1): string {
  if (s.mean === null) return '—';
  const m = (s.mean * scale).toFixed(digits);
  return s.std === null ? m : `${m} ± ${(s.std * scale).toFixed(digits)}`;
}

/** A signed difference: `+0.213 ± 0.020 (n = 3)`. */
export function formatDifference(s: Stat, digits: number): string {
  if (s.mean === null) return '—';
  const size = Math.abs(s.mean).toFixed(digits);
  const sign = Number(size) === 0 ? '' : s.mean > 0 ? '+' : '−';
  const m = `${sign}${size}`;
  return `${s.std === null ? m : `${m} ± ${s.std.toFixed(digits)}`} (n = ${s.n})`;
}

/** A count over seeds: `17` when every seed has the same, else `16.3 ± 1.5`. */
export const formatCount = (s: Stat): string =>
  s.mean === null ? '—' : s.values.every((v) => v === s.values[0]) ? String(s.values[0]) : formatStat(s, 1);
