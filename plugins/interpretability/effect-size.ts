/**
 * Cohen's d of `values` between label 1 and label 0: (μ₊ − μ₋) / s_pooled, with
 * s_pooled² = ((n₊ − 1)·s₊² + (n₋ − 1)·s₋²) / (n₊ + n₋ − 2) (sample variances). Null when it is
 * undefined: a class is empty, n₊ + n₋ < 3, or the pooled deviation is 0.
 */
export function cohensD(values: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  let pos = 0;
  let neg = 0;
  let sumPos = 0;
  let sumNeg = 0;
  for (let i = 0; i < values.length; i++) {
    if (labels[i]) {
      pos++;
      sumPos += values[i]!;
    } else {
      neg++;
      sumNeg += values[i]!;
    }
  }
  if (pos === 0 || neg === 0 || pos + neg < 3) return null;
  const muPos = sumPos / pos;
  const muNeg = sumNeg / neg;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i]! - (labels[i] ? muPos : muNeg)) ** 2;
  const pooled = Math.sqrt(ss / (pos + neg - 2));
  // A pooled deviation at rounding level means constant classes, where d is undefined.
  return pooled > 1e-12 * Math.max(1, Math.abs(muPos), Math.abs(muNeg)) ? (muPos - muNeg) / pooled : null;
}
