import { ngramSession, type SentenceGrams } from '../shared/ngrams.js';
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
  /** n-gram ids and tf-idf weights, in Python-dict insertion order */
  ids: Int32Array;
  w: Float64Array;
  norm: Float64Array;
  /** number of bigrams (pycocoevalcap's "length") */
  length: number;
}

/** pycocoevalcap's n-gram orders and length-penalty σ. */
export const CIDER_PARAMS = { n: 4, sigma: 6 };

export function cider(items: readonly PreparedItem[], options: { n?: number; sigma?: number } = {}): number[] {
  const n = options.n ?? CIDER_PARAMS.n;
  const sigma = options.sigma ?? CIDER_PARAMS.sigma;
  const table = ngramSession();
  const hypGrams = items.map((it) => table.grams(it.hyp, n));
  const refGrams = items.map((it) => it.refs.map((r) => table.grams(r, n)));
  const order = table.order;

  // Document frequency: items whose references contain the n-gram.
  const df = new Float64Array(table.size);
  const mark = new Int32Array(table.size).fill(-1);
  refGrams.forEach((refs, i) => {
    for (const r of refs) {
      for (const id of r.ids) {
        if (mark[id] !== i) {
          mark[id] = i;
          df[id]! += 1;
        }
      }
    }
  });
  const refLen = Math.log(items.length);
  const idf = new Float64Array(table.size);
  for (let id = 1; id < table.size; id++) idf[id] = refLen - Math.log(Math.max(1, df[id]!));

  const toVec = (g: SentenceGrams): Vec => {
    const w = new Float64Array(g.ids.length);
    const norm = new Float64Array(n);
    let length = 0;
    for (let j = 0; j < g.ids.length; j++) {
      const id = g.ids[j]!;
      const k = order[id]! - 1;
      const x = g.counts[j]! * idf[id]!;
      w[j] = x;
      norm[k]! += x * x;
      if (k === 1) length += g.counts[j]!;
    }
    for (let k = 0; k < n; k++) norm[k] = Math.sqrt(norm[k]!);
    return { ids: g.ids, w, norm, length };
  };

  const penaltyDenom = 2 * sigma ** 2;
  const refWeight = new Float64Array(table.size);
  const val = new Float64Array(n);
  const rNorm = new Float64Array(n);
  return items.map((it, i) => {
    const h = toVec(hypGrams[i]!);
    const score = new Float64Array(n);
    for (const rg of refGrams[i]!) {
      // The reference's tf-idf vector goes straight into the dense scratch array.
      rNorm.fill(0);
      let rLength = 0;
      for (let j = 0; j < rg.ids.length; j++) {
        const id = rg.ids[j]!;
        const k = order[id]! - 1;
        const x = rg.counts[j]! * idf[id]!;
        refWeight[id] = x;
        rNorm[k]! += x * x;
        if (k === 1) rLength += rg.counts[j]!;
      }
      val.fill(0);
      for (let j = 0; j < h.ids.length; j++) {
        const id = h.ids[j]!;
        const rw = refWeight[id]!;
        val[order[id]! - 1]! += Math.min(h.w[j]!, rw) * rw;
      }
      for (let j = 0; j < rg.ids.length; j++) refWeight[rg.ids[j]!] = 0;
      const delta = h.length - rLength;
      const penalty = Math.E ** (-(delta ** 2) / penaltyDenom);
      for (let k = 0; k < n; k++) {
        let v = val[k]!;
        const rn = Math.sqrt(rNorm[k]!);
        if (h.norm[k] !== 0 && rn !== 0) v /= h.norm[k]! * rn;
        score[k]! += v * penalty;
      }
    }
    let s = 0;
    for (let k = 0; k < n; k++) s += score[k]!;
    return (s / n / it.refs.length) * 10;
  });
}
