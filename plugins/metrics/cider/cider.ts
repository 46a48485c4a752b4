import type { PreparedItem } from '../shared/prepare.js';

/**
 * CIDEr-D exactly as pycocoevalcap's `Cider` (cider/cider_scorer.py):
 * - n-grams n = 1..4; document frequency df(g) = number of items of the scored corpus whose
 *   references contain g; idf = log(N_items) − log(max(1, df));
 * - vectors are raw term counts × idf (no tf normalisation), per n-gram order;
 * - similarity per order: Σ_g min(h_g, r_g) · r_g / (‖h‖ ‖r‖) (the "clipping"; no division
 *   when a norm is 0) × exp(−δ² / (2σ²)), σ = 6, where δ is the difference of the two
 *   sentences' *bigram* counts (pycocoevalcap counts length on bigrams);
 * - item score = 10 × mean over orders of the mean over references; corpus = mean of items.
 * Per-item values therefore depend on the corpus; a one-item corpus scores 0 (log 1 = 0).
 * Where pycocoevalcap crashes (every reference of every item empty: max() of no document
 * frequencies) this returns 0 for all items.
 */
interface Vec {
  /** per order: n-gram → weight, in insertion order as Python's dict */
  vec: Map<string, number>[];
  norm: number[];
  length: number;
}

function counts(words: readonly string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let k = 1; k <= n; k++) {
    for (let i = 0; i + k <= words.length; i++) {
      const g = k === 1 ? words[i]! : words.slice(i, i + k).join(' ');
      m.set(g, (m.get(g) ?? 0) + 1);
    }
  }
  return m;
}

/** Order (1-based) of an n-gram key: tokens never contain spaces. */
function orderOf(g: string): number {
  let k = 1;
  for (let i = g.indexOf(' '); i >= 0; i = g.indexOf(' ', i + 1)) k++;
  return k;
}

export function cider(items: readonly PreparedItem[], options: { n?: number; sigma?: number } = {}): number[] {
  const n = options.n ?? 4;
  const sigma = options.sigma ?? 6;
  const hypCounts = items.map((it) => counts(it.hyp, n));
  const refCounts = items.map((it) => it.refs.map((r) => counts(r, n)));

  const df = new Map<string, number>();
  for (const refs of refCounts) {
    const seen = new Set<string>();
    for (const r of refs) for (const g of r.keys()) seen.add(g);
    for (const g of seen) df.set(g, (df.get(g) ?? 0) + 1);
  }
  const refLen = Math.log(items.length);

  const toVec = (cnts: Map<string, number>): Vec => {
    const vec = Array.from({ length: n }, () => new Map<string, number>());
    const norm = new Array<number>(n).fill(0);
    let length = 0;
    for (const [g, tf] of cnts) {
      const idf = Math.log(Math.max(1, df.get(g) ?? 0));
      const k = orderOf(g) - 1;
      const w = tf * (refLen - idf);
      vec[k]!.set(g, w);
      norm[k] += w * w;
      if (k === 1) length += tf;
    }
    return { vec, norm: norm.map(Math.sqrt), length };
  };

  const penaltyDenom = 2 * sigma ** 2;
  return items.map((it, i) => {
    const h = toVec(hypCounts[i]!);
    const score = new Array<number>(n).fill(0);
    for (const rc of refCounts[i]!) {
      const r = toVec(rc);
      const delta = h.length - r.length;
      const penalty = Math.E ** (-(delta ** 2) / penaltyDenom);
      for (let k = 0; k < n; k++) {
        let val = 0;
        const rv = r.vec[k]!;
        for (const [g, hw] of h.vec[k]!) {
          const rw = rv.get(g) ?? 0;
          val += Math.min(hw, rw) * rw;
        }
        if (h.norm[k] !== 0 && r.norm[k] !== 0) val /= h.norm[k]! * r.norm[k]!;
        score[k] += val * penalty;
      }
    }
    let s = 0;
    for (const v of score) s += v;
    return ((s / n) / it.refs.length) * 10;
  });
}
