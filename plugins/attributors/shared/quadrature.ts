/** Integration nodes (alphas in [0, 1]) and weights for integrated gradients, as Captum's approximation methods. */
export type IgMethod = 'riemann_trapezoid' | 'gausslegendre';

export function igNodes(method: IgMethod, steps: number): { alphas: number[]; weights: number[] } {
  if (method === 'riemann_trapezoid') {
    if (steps < 2) throw new RangeError('riemann_trapezoid needs at least 2 steps');
    const alphas = Array.from({ length: steps }, (_, i) => i / (steps - 1));
    const weights = alphas.map((_, i) => (i === 0 || i === steps - 1 ? 0.5 : 1) / (steps - 1));
    return { alphas, weights };
  }
  const { nodes, weights } = gaussLegendre(steps);
  return { alphas: nodes.map((x) => (x + 1) / 2), weights: weights.map((w) => w / 2) };
}

/** P_n(x) and P_n'(x) by the three-term recurrence. */
function legendre(n: number, x: number): { pn: number; dp: number } {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  const pn = n === 1 ? x : p1;
  const pnm1 = n === 1 ? 1 : p0;
  return { pn, dp: (n * (x * pn - pnm1)) / (x * x - 1) };
}

/** Gauss–Legendre nodes (ascending) and weights on [-1, 1], Newton's method on P_n (float64). */
export function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Gauss-Legendre needs n ≥ 1, got ${n}`);
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let iter = 0; iter < 100; iter++) {
      const { pn, dp } = legendre(n, x);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    const { dp } = legendre(n, x); // derivative at the converged x
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0;
  return { nodes, weights };
}
