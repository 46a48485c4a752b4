/**
 * How peaked a non-negative profile is. We take absolute values (encoder activations may be
 * negative, e.g. tanh); a profile of all zeros has no peak: null.
 *
 * peakedness = (max − mean of the rest) / (max + mean of the rest), in [0, 1]: 0 when all
 * entries are equal, 1 when exactly one entry is non-zero (the contrast the paper's Fig. 3 shows:
 * LSTM-I's per-topic mean activations are "very peaky at some specific neurons").
 */
export function peakedness(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n < 2) throw new RangeError('peakedness needs at least 2 values');
  let best = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(values[i]!);
    sum += v;
    if (v > Math.abs(values[best]!)) best = i;
  }
  const max = Math.abs(values[best]!);
  if (max === 0) return null;
  const rest = (sum - max) / (n - 1);
  return (max - rest) / (max + rest);
}

/**
 * Gini coefficient of |values| (0 = all equal, (n−1)/n = one non-zero entry):
 * G = Σ_i (2i − n − 1)·x_(i) / (n·Σ x), x sorted ascending, i = 1..n. Null for all zeros.
 */
export function gini(values: ArrayLike<number>): number | null {
  const x = Array.from(values, Math.abs).sort((a, b) => a - b);
  const n = x.length;
  const total = x.reduce((s, v) => s + v, 0);
  if (total === 0) return null;
  let acc = 0;
  x.forEach((v, i) => {
    acc += (2 * (i + 1) - n - 1) * v;
  });
  return acc / (n * total);
}
