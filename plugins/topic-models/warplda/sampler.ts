import type { PreparedCorpus } from '../lda/corpus.js';
import { Xorshift128Rng } from '../../../core/tensor/rng.js';
import { phaseM1 } from './phases-m1.js';
import { createHeapM1, type HeapM1 } from './heap-m1.js';
import { WarpLdaThreads } from './threads.js';
import { TopiclensError } from '../../../core/errors.js';

export interface WarpLdaParams {
  K: number;
  alpha: number;
  beta: number;
  /** Metropolis-Hastings steps per token per phase (M in the paper). */
  mhSteps: number;
  seed: number;
  /** Threads (default 1); more than one needs mhSteps 1 and gives a different (still seeded) chain. */
  threads?: number;
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
 * visited and held fixed while its tokens are sampled, so the per-token work touches only the
 * K-sized count vector, which stays in L1. C_k is kept exact.
 *
 * Layout: every token has a record of S = M + 1 Uint16 (K ≤ 65535) — its topic and the M
 * proposals waiting for it — kept twice, `zW` (records in by-word order, holding doc proposals)
 * and `zD` (document order, holding word proposals). A phase streams through its own order and
 * writes each token's new topic and the proposals it made for the other phase into the other
 * order's record: one scattered cache line per token per phase. For M = 1 both phases are one
 * function, `phaseM1` (phases-m1.ts), working in one heap (heap-m1.ts). For M > 1 they stay two
 * methods on purpose: one method for both (random positions read from the records in both phases,
 * as the doc phase has no packed copy of its topics) measured 1-4 % slower at M = 2 (2026-12-06).
 */
export class WarpLdaSampler {
  /** Record stride: topic + M proposals. */
  readonly stride: number;
  /** Document-order records `[N, S]`: topic at 0, word proposals at 1..M. */
  readonly zD: Uint16Array;
  /** By-word records `[N, S]`: topic at 0, doc proposals at 1..M. */
  readonly zW: Uint16Array;
  private readonly ck: Int32Array;
  private readonly cnt: Int32Array;
  /** The current word's new topics, packed, for cache-friendly random positioning. */
  private readonly packed: Uint16Array;
  private readonly rng: Xorshift128Rng;
  /** The M = 1 phases' heap, which also holds zD, zW, C_k and the count; undefined for M > 1. */
  private readonly m1?: HeapM1;
  private readonly threads?: WarpLdaThreads;

  constructor(
    private readonly c: PreparedCorpus,
    private readonly p: WarpLdaParams,
  ) {
    const N = c.numTokens;
    const { K, mhSteps: M } = p;
    const S = M + 1;
    this.stride = S;
    const T = p.threads ?? 1;
    if (!Number.isInteger(T) || T < 1 || T > 64) throw new TopiclensError(`warplda: threads must be an integer in 1..64, found ${T}.`, 2);
    if (T > 1 && M !== 1) throw new TopiclensError(`warplda: threads ${T} needs mhSteps 1 (found ${M}); set mhSteps 1 or threads 1.`, 2);
    if (M === 1) {
      const m1 = createHeapM1(c, K, p.alpha, p.beta, T);
      const { heap } = m1;
      this.m1 = m1;
      // Views into the heap: a record is two Uint16 (topic, proposal), as for M > 1.
      this.zD = new Uint16Array(heap.buffer, 4 * m1.zD, 2 * N);
      this.zW = new Uint16Array(heap.buffer, 4 * m1.zW, 2 * N);
      this.ck = heap.subarray(m1.ck, m1.ck + K);
      this.cnt = heap.subarray(m1.word[0]!.cnt, m1.word[0]!.cnt + K);
    } else {
      this.zD = new Uint16Array(N * S);
      this.zW = new Uint16Array(N * S);
      this.ck = new Int32Array(K);
      this.cnt = new Int32Array(K);
    }
    let maxWord = 0;
    for (let w = 0; w + 1 < c.wordStart.length; w++) maxWord = Math.max(maxWord, c.wordStart[w + 1]! - c.wordStart[w]!);
    this.packed = new Uint16Array(maxWord);
    this.rng = new Xorshift128Rng(p.seed);
    for (let j = 0; j < N; j++) {
      const k = this.rng.int(K);
      this.zD[j * S] = k;
      this.zW[c.wpos[j]! * S] = k;
      this.ck[k]!++;
    }
    this.docPhase(false);
    if (this.m1 && T > 1) this.threads = new WarpLdaThreads(c, T, this.m1, p.seed, this.rng.s);
  }

  /** One iteration: word phase then doc phase. */
  iterate(): void {
    if (this.threads) {
      this.threads.iterate();
      return;
    }
    const m1 = this.m1;
    if (m1) {
      phaseM1(m1.heap, m1.word[0]!, this.rng.s, 0, this.c.wordStart.length - 1);
      phaseM1(m1.heap, m1.doc[0]!, this.rng.s, 0, this.c.docStart.length - 1);
      return;
    }
    this.wordPhase();
    this.docPhase(true);
  }

  /** Stop the worker threads (if any); the sample stays readable. */
  close(): void {
    this.threads?.close();
  }

  private wordPhase(): void {
    const { wordStart, dpos } = this.c;
    const V = wordStart.length - 1;
    const { K, beta, mhSteps: M } = this.p;
    const S = this.stride;
    const Vb = V * beta;
    const Kb = K * beta;
    const { zW: own, zD: other, ck, cnt, packed } = this;
    const st = this.rng.s;
    let s0 = st[0]!,
      s1 = st[1]!,
      s2 = st[2]!,
      s3 = st[3]!;
    let t = 0;
    const U = 2.3283064365386963e-10;
    const invBeta = 1 / beta;
    for (let w = 0; w < V; w++) {
      const s = wordStart[w]!;
      const e = wordStart[w + 1]!;
      const L = e - s;
      if (L === 0) continue;
      const rs = s * S;
      const re = e * S;
      for (let r = rs; r < re; r += S) cnt[own[r]!]!++;
      for (let r = rs, q = 0; r < re; r += S, q++) {
        const k0 = own[r]!;
        let k = k0;
        for (let m = 1; m <= M; m++) {
          const kp = own[r + m]!;
          if (kp === k) continue;
          t = s0 ^ (s0 << 11);
          s0 = s1;
          s1 = s2;
          s2 = s3;
          s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
          // Counts without the token itself, which is still counted at k0.
          const sk = k === k0 ? 1 : 0;
          const skp = kp === k0 ? 1 : 0;
          const num = (cnt[kp]! - skp + beta) * (ck[k]! - sk + Vb);
          const den = (cnt[k]! - sk + beta) * (ck[kp]! - skp + Vb);
          if ((s3 >>> 0) * U * den < num) k = kp;
        }
        own[r + 1] = k0; // proposal consumed: keep the counted topic there to clear `cnt` below
        packed[q] = k;
        if (k !== k0) {
          own[r] = k;
          ck[k0]!--;
          ck[k]!++;
        }
      }
      for (let r = rs; r < re; r += S) cnt[own[r + 1]!] = 0;
      // New topic and word proposals q(k) ∝ C_wk + β into each token's document-order record.
      const tot = L + Kb;
      for (let i = s, q = 0; i < e; i++, q++) {
        const o = dpos[i]! * S;
        other[o] = packed[q]!;
        for (let m = 1; m <= M; m++) {
          t = s0 ^ (s0 << 11);
          s0 = s1;
          s1 = s2;
          s2 = s3;
          s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
          const x = (s3 >>> 0) * U * tot;
          let kp: number;
          if (x < L) kp = packed[x | 0]!;
          else {
            kp = ((x - L) * invBeta) | 0;
            if (kp >= K) kp = K - 1;
          }
          other[o + m] = kp;
        }
      }
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
  }

  /** Doc phase; `sample = false` only draws the doc proposals (initialisation). */
  private docPhase(sample: boolean): void {
    const { docStart, wpos } = this.c;
    const D = docStart.length - 1;
    const V = this.c.wordStart.length - 1;
    const { K, alpha, beta, mhSteps: M } = this.p;
    const S = this.stride;
    const Vb = V * beta;
    const Ka = K * alpha;
    const { zD: own, zW: other, ck, cnt } = this;
    const st = this.rng.s;
    let s0 = st[0]!,
      s1 = st[1]!,
      s2 = st[2]!,
      s3 = st[3]!;
    let t = 0;
    const U = 2.3283064365386963e-10;
    const invAlpha = 1 / alpha;
    for (let d = 0; d < D; d++) {
      const s = docStart[d]!;
      const e = docStart[d + 1]!;
      const L = e - s;
      if (L === 0) continue;
      const rs = s * S;
      const re = e * S;
      if (sample) {
        for (let r = rs; r < re; r += S) cnt[own[r]!]!++;
        for (let r = rs; r < re; r += S) {
          const k0 = own[r]!;
          let k = k0;
          for (let m = 1; m <= M; m++) {
            const kp = own[r + m]!;
            if (kp === k) continue;
            t = s0 ^ (s0 << 11);
            s0 = s1;
            s1 = s2;
            s2 = s3;
            s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
            const sk = k === k0 ? 1 : 0;
            const skp = kp === k0 ? 1 : 0;
            const num = (cnt[kp]! - skp + alpha) * (ck[k]! - sk + Vb);
            const den = (cnt[k]! - sk + alpha) * (ck[kp]! - skp + Vb);
            if ((s3 >>> 0) * U * den < num) k = kp;
          }
          own[r + 1] = k0;
          if (k !== k0) {
            own[r] = k;
            ck[k0]!--;
            ck[k]!++;
          }
        }
        for (let r = rs; r < re; r += S) cnt[own[r + 1]!] = 0;
      }
      // New topic and doc proposals q(k) ∝ C_dk + α into each token's by-word record.
      const tot = L + Ka;
      for (let j = s, r = rs; j < e; j++, r += S) {
        const o = wpos[j]! * S;
        other[o] = own[r]!;
        for (let m = 1; m <= M; m++) {
          t = s0 ^ (s0 << 11);
          s0 = s1;
          s1 = s2;
          s2 = s3;
          s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
          const x = (s3 >>> 0) * U * tot;
          let kp: number;
          if (x < L) kp = own[rs + (x | 0) * S]!;
          else {
            kp = ((x - L) * invAlpha) | 0;
            if (kp >= K) kp = K - 1;
          }
          other[o + m] = kp;
        }
      }
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
  }
}
