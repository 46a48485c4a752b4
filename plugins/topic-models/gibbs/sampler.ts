import type { PreparedCorpus } from '../lda/corpus.js';
import { Xorshift128Rng } from '../../../core/tensor/rng.js';

export interface GibbsParams {
  K: number;
  alpha: number;
  beta: number;
  seed: number;
}

/**
 * Plain collapsed Gibbs sampling for LDA (Griffiths & Steyvers 2004), the reference sampler:
 * for each token in document order, remove it from the counts and draw
 *   p(z = k) ∝ (C_dk + α)(C_wk + β) / (C_k + Vβ)
 * exactly, O(K) per token. Topics are Uint16 in document order, like WarpLDA's.
 */
export class GibbsSampler {
  readonly zD: Uint16Array;
  /** `[V, K]` word-major topic-word counts. */
  private readonly nwk: Int32Array;
  private readonly ndk: Int32Array;
  private readonly nk: Int32Array;
  private readonly invDen: Float64Array;
  private readonly cum: Float64Array;
  private readonly rng: Xorshift128Rng;

  constructor(
    private readonly c: PreparedCorpus,
    private readonly p: GibbsParams,
  ) {
    const { K } = p;
    const N = c.numTokens;
    const V = c.vocabulary.length;
    const D = c.docIds.length;
    this.zD = new Uint16Array(N);
    this.nwk = new Int32Array(V * K);
    this.ndk = new Int32Array(D * K);
    this.nk = new Int32Array(K);
    this.invDen = new Float64Array(K);
    this.cum = new Float64Array(K);
    this.rng = new Xorshift128Rng(p.seed);
    for (let d = 0; d < D; d++) {
      for (let j = c.docStart[d]!; j < c.docStart[d + 1]!; j++) {
        const k = this.rng.int(K);
        this.zD[j] = k;
        this.nwk[c.words[j]! * K + k]!++;
        this.ndk[d * K + k]!++;
        this.nk[k]!++;
      }
    }
  }

  iterate(): void {
    const { docStart, words } = this.c;
    const D = docStart.length - 1;
    const V = this.c.vocabulary.length;
    const { K, alpha, beta } = this.p;
    const Vb = V * beta;
    const { zD, nwk, ndk, nk, invDen, cum, rng } = this;
    for (let k = 0; k < K; k++) invDen[k] = 1 / (nk[k]! + Vb);
    for (let d = 0; d < D; d++) {
      const db = d * K;
      for (let j = docStart[d]!; j < docStart[d + 1]!; j++) {
        const wb = words[j]! * K;
        let k = zD[j]!;
        ndk[db + k]!--;
        nwk[wb + k]!--;
        nk[k]!--;
        invDen[k] = 1 / (nk[k]! + Vb);
        let total = 0;
        for (let q = 0; q < K; q++) {
          total += (ndk[db + q]! + alpha) * (nwk[wb + q]! + beta) * invDen[q]!;
          cum[q] = total;
        }
        const u = rng.next() * total;
        // Linear scan (K is small); binary search would not pay off at K ≈ 100.
        k = 0;
        while (k < K - 1 && cum[k]! <= u) k++;
        zD[j] = k;
        ndk[db + k]!++;
        nwk[wb + k]!++;
        nk[k]!++;
        invDen[k] = 1 / (nk[k]! + Vb);
      }
    }
  }
}
