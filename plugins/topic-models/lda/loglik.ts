import { lgamma } from './lgamma.js';
import type { PreparedCorpus } from './corpus.js';

type Topics = Uint16Array;

/**
 * Collapsed log p(w, z) of LDA, per token:
 *   Σ_d [lnΓ(Kα) − lnΓ(L_d + Kα) + Σ_k (lnΓ(C_dk + α) − lnΓ(α))]
 * + Σ_k [lnΓ(Vβ) − lnΓ(C_k + Vβ) + Σ_w (lnΓ(C_wk + β) − lnΓ(β))],  divided by N
 * (the figure C++ WarpLDA prints). Σ_k lnΓ(C+a) − lnΓ(a) is accumulated token by token as
 * Σ ln(c + a) over the running count c, from tables, so one evaluation is two O(N) passes.
 */
export class LoglikComputer {
  private readonly logA: Float64Array;
  private readonly logB: Float64Array;
  private readonly docConst: number;
  private readonly cnt: Int32Array;
  private readonly ck: Int32Array;

  constructor(
    private readonly c: PreparedCorpus,
    private readonly K: number,
    alpha: number,
    private readonly beta: number,
  ) {
    const D = c.docIds.length;
    const V = c.vocabulary.length;
    let maxDoc = 0;
    let docConst = 0;
    for (let d = 0; d < D; d++) {
      const L = c.docStart[d + 1]! - c.docStart[d]!;
      if (L > maxDoc) maxDoc = L;
      if (L > 0) docConst += lgamma(K * alpha) - lgamma(L + K * alpha);
    }
    let maxWord = 0;
    for (let v = 0; v < V; v++) maxWord = Math.max(maxWord, c.wordStart[v + 1]! - c.wordStart[v]!);
    this.logA = new Float64Array(maxDoc + 1).map((_, i) => Math.log(i + alpha));
    this.logB = new Float64Array(maxWord + 1).map((_, i) => Math.log(i + beta));
    this.docConst = docConst;
    this.cnt = new Int32Array(K);
    this.ck = new Int32Array(K);
  }

  /**
   * `zD`: topics in document order; `zW`: the same in by-word order (read through zD when
   * omitted). With `stride` S the topic of token i is at `[i * S]` in both.
   */
  compute(zD: Topics, zW?: Topics, stride = 1): number {
    const S = stride;
    const { docStart, wordStart, dpos, numTokens: N } = this.c;
    const { logA, logB, cnt, ck, K, beta } = this;
    const D = docStart.length - 1;
    const V = wordStart.length - 1;
    ck.fill(0);
    let ll = this.docConst;
    for (let d = 0; d < D; d++) {
      const s = docStart[d]!;
      const e = docStart[d + 1]!;
      for (let j = s; j < e; j++) {
        const k = zD[j * S]!;
        ll += logA[cnt[k]!]!;
        cnt[k]!++;
        ck[k]!++;
      }
      for (let j = s; j < e; j++) cnt[zD[j * S]!] = 0;
    }
    for (let w = 0; w < V; w++) {
      const s = wordStart[w]!;
      const e = wordStart[w + 1]!;
      for (let p = s; p < e; p++) {
        const k = zW ? zW[p * S]! : zD[dpos[p]! * S]!;
        ll += logB[cnt[k]!]!;
        cnt[k]!++;
      }
      for (let p = s; p < e; p++) cnt[zW ? zW[p * S]! : zD[dpos[p]! * S]!] = 0;
    }
    const Vb = V * beta;
    const lgVb = lgamma(Vb);
    for (let k = 0; k < K; k++) ll += lgVb - lgamma(ck[k]! + Vb);
    return ll / N;
  }
}
