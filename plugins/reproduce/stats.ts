/** Mean and sample standard deviation (n − 1; null for fewer than two values) of the finite values. */
export interface Stat {
  mean: number | null;
  std: number | null;
  n: number;
  values: number[];
}

export function stat(values: (number | null | undefined)[]): Stat {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (!v.length) return { mean: null, std: null, n: 0, values: [] };
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const std = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)) : null;
  return { mean, std, n: v.length, values: v };
}

/** `0.412 ± 0.010` (or `0.412` for one value, `—` for none); `scale` multiplies (100 for percent). */
export function formatStat(s: Stat, digits: number, scale = 1): string {
  if (s.mean === null) return '—';
  const m = (s.mean * scale).toFixed(digits);
  return s.std === null ? m : `${m} ± ${(s.std * scale).toFixed(digits)}`;
}
