import type { PreparedCorpus } from '../lda/corpus.js';
import { Rng } from '../lda/rng.js';

export interface WarpLdaParams {
  K: number;
  alpha: number;
  beta: number;
  /** Metropolis-Hastings steps per token per phase (M in the paper). */
  mhSteps: number;
  seed: number;
}

/**
 * WarpLDA (Chen, Li, Zhu, Chen, VLDB 2016): Metropolis-Hastings over the collapsed LDA posterior
 * with the word proposal q_w(k) ∝ C_wk + β and the doc proposal q_d(k) ∝ C_dk + α alternating,
 * O(1) per token.
 *
 * One iteration is two passes over the tokens:
 * - word phase, visiting tokens by word: count C_w of the word once, accept/reject the M doc
 *   proposals of each token with π = (C_wk' + β)(C_k + Vβ) / ((C_wk + β)(C_k' + Vβ)), then draw
 *   M word proposals per token by "random positioning" (the topic of a random token of the same
 *   word with probability L_w / (L_w + Kβ), otherwise a uniform topic).
 * - doc phase, visiting tokens by document: count C_d once, accept/reject the word proposals with
 *   π = (C_dk' + α)(C_k + Vβ) / ((C_dk + α)(C_k' + Vβ)), then draw M doc proposals per token
 *   the same way (a random token of the document, or uniform with probability Kα / (L_d + Kα)).
 * C_w and C_d are the delayed counts of the paper: computed once when the word/document is
 * visited and held fixed while its tokens are sampled (so the per-token work touches only the
 * K-sized count vector, which stays in L1). C_k is kept exact.
 *
 * Layout: topics are kept twice, `zW` in by-word order and `zD` in document order; each phase
 * reads its own order sequentially and scatters the changes (and the proposals it makes for the
 * other phase) into the other order. Topics are Uint16 (K ≤ 65535).
 */
export class WarpLdaSampler {
  readonly zD: Uint16Array;
  readonly zW: Uint16Array;
  /** Word proposals, document order (made in the word phase, used in the doc phase). */
  private readonly propW: Uint16Array;
  /** Doc proposals, by-word order (made in the doc phase, used in the word phase). */
  private readonly propD: Uint16Array;
  private readonly ck: Int32Array;
  private readonly cnt: Int32Array;
  private readonly rng: Rng;

  constructor(
    private readonly c: PreparedCorpus,
    private readonly p: WarpLdaParams,
  ) {
    const N = c.numTokens;
    const { K, mhSteps: M } = p;
    this.zD = new Uint16Array(N);
    this.zW = new Uint16Array(N);
    this.propW = new Uint16Array(N * M);
    this.propD = new Uint16Array(N * M);
    this.ck = new Int32Array(K);
    this.cnt = new Int32Array(K);
    this.rng = new Rng(p.seed);
    for (let j = 0; j < N; j++) {
      const k = this.rng.int(K);
      this.zD[j] = k;
      this.zW[c.wpos[j]!] = k;
      this.ck[k]!++;
    }
    this.docPhase(false);
  }

  /** One iteration: word phase then doc phase. */
  iterate(): void {
    this.wordPhase();
    this.docPhase(true);
  }

  private wordPhase(): void {
    const { wordStart, dpos } = this.c;
    const V = wordStart.length - 1;
    const { K, beta, mhSteps: M } = this.p;
    const Vb = V * beta;
    const Kb = K * beta;
    const { zW, zD, propW, propD, ck, cnt } = this;
    const st = this.rng.s;
    let s0 = st[0]!, s1 = st[1]!, s2 = st[2]!, s3 = st[3]!;
    let t = 0;
    const U = 2.3283064365386963e-10;
    const invBeta = 1 / beta;
    for (let w = 0; w < V; w++) {
      const s = wordStart[w]!;
      const e = wordStart[w + 1]!;
      const L = e - s;
      if (L === 0) continue;
      for (let i = s; i < e; i++) cnt[zW[i]!]!++;
      for (let i = s; i < e; i++) {
        const k0 = zW[i]!;
        let k = k0;
        const pb = i * M;
        for (let m = 0; m < M; m++) {
          const kp = propD[pb + m]!;
          if (kp === k) continue;
          t = s0 ^ (s0 << 11); s0 = s1; s1 = s2; s2 = s3; s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
          const num = (cnt[kp]! + beta) * (ck[k]! + Vb);
          const den = (cnt[k]! + beta) * (ck[kp]! + Vb);
          if ((s3 >>> 0) * U * den < num) k = kp;
        }
        propD[pb] = k0; // consumed; remember the counted topic to clear `cnt` below
        if (k !== k0) {
          zW[i] = k;
          zD[dpos[i]!] = k;
          ck[k0]!--;
          ck[k]!++;
        }
      }
      for (let i = s; i < e; i++) cnt[propD[i * M]!] = 0;
      // Word proposals from the new topics of this word: q(k) ∝ C_wk + β.
      const tot = L + Kb;
      for (let i = s; i < e; i++) {
        const pb = dpos[i]! * M;
        for (let m = 0; m < M; m++) {
          t = s0 ^ (s0 << 11); s0 = s1; s1 = s2; s2 = s3; s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
          const r = (s3 >>> 0) * U * tot;
          let kp: number;
          if (r < L) kp = zW[s + (r | 0)]!;
          else {
            kp = ((r - L) * invBeta) | 0;
            if (kp >= K) kp = K - 1;
          }
          propW[pb + m] = kp;
        }
      }
    }
    st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
  }

  /** Doc phase; `sample = false` only draws the doc proposals (initialisation). */
  private docPhase(sample: boolean): void {
    const { docStart, wpos } = this.c;
    const D = docStart.length - 1;
    const V = this.c.wordStart.length - 1;
    const { K, alpha, beta, mhSteps: M } = this.p;
    const Vb = V * beta;
    const Ka = K * alpha;
    const { zW, zD, propW, propD, ck, cnt } = this;
    const st = this.rng.s;
    let s0 = st[0]!, s1 = st[1]!, s2 = st[2]!, s3 = st[3]!;
    let t = 0;
    const U = 2.3283064365386963e-10;
    const invAlpha = 1 / alpha;
    for (let d = 0; d < D; d++) {
      const s = docStart[d]!;
      const e = docStart[d + 1]!;
      const L = e - s;
      if (L === 0) continue;
      if (sample) {
        for (let j = s; j < e; j++) cnt[zD[j]!]!++;
        for (let j = s; j < e; j++) {
          const k0 = zD[j]!;
          let k = k0;
          const pb = j * M;
          for (let m = 0; m < M; m++) {
            const kp = propW[pb + m]!;
            if (kp === k) continue;
            t = s0 ^ (s0 << 11); s0 = s1; s1 = s2; s2 = s3; s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
            const num = (cnt[kp]! + alpha) * (ck[k]! + Vb);
            const den = (cnt[k]! + alpha) * (ck[kp]! + Vb);
            if ((s3 >>> 0) * U * den < num) k = kp;
          }
          propW[pb] = k0;
          if (k !== k0) {
            zD[j] = k;
            zW[wpos[j]!] = k;
            ck[k0]!--;
            ck[k]!++;
          }
        }
        for (let j = s; j < e; j++) cnt[propW[j * M]!] = 0;
      }
      // Doc proposals from the new topics of this document: q(k) ∝ C_dk + α.
      const tot = L + Ka;
      for (let j = s; j < e; j++) {
        const pb = wpos[j]! * M;
        for (let m = 0; m < M; m++) {
          t = s0 ^ (s0 << 11); s0 = s1; s1 = s2; s2 = s3; s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
          const r = (s3 >>> 0) * U * tot;
          let kp: number;
          if (r < L) kp = zD[s + (r | 0)]!;
          else {
            kp = ((r - L) * invAlpha) | 0;
            if (kp >= K) kp = K - 1;
          }
          propD[pb + m] = kp;
        }
      }
    }
    st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
  }
}
