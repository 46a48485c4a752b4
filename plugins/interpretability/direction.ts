/**
 * Whether a neuron rises (+1) or falls (−1) with a label: the sign of mean(values | label 1) −
 * mean(values | label 0). +1 on a tie, and when either side has no value (nothing to fall from).
 * Callers fit it on the map (training) videos and keep it fixed on the evaluation videos.
 */
export function direction(values: ArrayLike<number>, labels: ArrayLike<number>): 1 | -1 {
  let sumPos = 0;
  let sumNeg = 0;
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < values.length; i++) {
    if (labels[i]) {
      sumPos += values[i]!;
      pos++;
    } else {
      sumNeg += values[i]!;
      neg++;
    }
  }
  if (pos === 0 || neg === 0) return 1;
  return sumPos / pos >= sumNeg / neg ? 1 : -1;
}
