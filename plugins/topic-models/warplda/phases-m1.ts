/**
 * The two phases of WarpLDA (sampler.ts) specialised to one MH step per phase (M = 1), the
 * bench's and the C++ reference's setting. Same draws in the same order, same floating-point
 * expressions, so the same chain bit for bit; faster because a record (topic, proposal) is two
 * Uint16 that are read and written as one Uint32 (little-endian: topic in the low half), and with
 * one step the token's current topic is always k0, so the self-exclusion terms are constants.
 */

/**
 * What both phases share: the tokens' records of both orders as Uint32 views, and C_k (exact with
 * one thread; with several, each thread's copy from the phase start plus its own moves).
 */
export interface PhaseArraysM1 {
  K: number;
  /** Uint32 view of the by-word records (topic | doc proposal << 16). */
  zW32: Uint32Array;
  /** Uint32 view of the document-order records (topic | word proposal << 16). */
  zD32: Uint32Array;
  ck: Int32Array;
  /** K zeros; the delayed count of the word / document, zero again on return (one per thread). */
  cnt: Int32Array;
  /** Xorshift128 state, read at the start and written back at the end. */
  rng: Int32Array;
}

/**
 * Word phase over words [w0, w1): per word, accept/reject each token's doc proposal against the delayed C_w, then
 * write its new topic and a word proposal (random positioning over the word's new topics) to its
 * document-order record.
 */
export function wordPhaseM1(a: PhaseArraysM1, wordStart: Int32Array, dpos: Int32Array, beta: number, w0: number, w1: number): void {
  // Self-contained (no module-level names): threads.ts ships its source to the worker threads.
  const U = 2.3283064365386963e-10;
  const { K, zW32: own, zD32: other, ck, cnt } = a;
  const st = a.rng;
  const V = wordStart.length - 1;
  const Vb = V * beta;
  const Kb = K * beta;
  const invBeta = 1 / beta;
  let s0 = st[0]!,
    s1 = st[1]!,
    s2 = st[2]!,
    s3 = st[3]!;
  let t = 0;
  for (let w = w0; w < w1; w++) {
    const s = wordStart[w]!;
    const e = wordStart[w + 1]!;
    const L = e - s;
    if (L === 0) continue;
    for (let i = s; i < e; i++) cnt[own[i]! & 0xffff]!++;
    for (let i = s; i < e; i++) {
      const rec = own[i]!;
      const k0 = rec & 0xffff;
      const kp = rec >>> 16;
      let k = k0;
      if (kp !== k0) {
        t = s0 ^ (s0 << 11);
        s0 = s1;
        s1 = s2;
        s2 = s3;
        s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
        // Counts without the token itself, which is still counted at k0.
        const num = (cnt[kp]! + beta) * (ck[k0]! - 1 + Vb);
        const den = (cnt[k0]! - 1 + beta) * (ck[kp]! + Vb);
        if ((s3 >>> 0) * U * den < num) {
          k = kp;
          ck[k0]!--;
          ck[kp]!++;
        }
      }
      // k0 kept in the proposal half to clear `cnt` in the proposal loop (cnt is not read there).
      own[i] = k | (k0 << 16);
    }
    const tot = L + Kb;
    for (let i = s; i < e; i++) {
      const rec = own[i]!;
      cnt[rec >>> 16] = 0;
      t = s0 ^ (s0 << 11);
      s0 = s1;
      s1 = s2;
      s2 = s3;
      s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
      const x = (s3 >>> 0) * U * tot;
      let kp: number;
      if (x < L) kp = own[s + (x | 0)]! & 0xffff;
      else {
        kp = ((x - L) * invBeta) | 0;
        if (kp >= K) kp = K - 1;
      }
      other[dpos[i]!] = (rec & 0xffff) | (kp << 16);
    }
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
}

/**
 * Doc phase over documents [d0, d1): per document, accept/reject each token's word proposal against the delayed C_d,
 * then write its new topic and a doc proposal to its by-word record.
 */
export function docPhaseM1(
  a: PhaseArraysM1,
  docStart: Int32Array,
  wpos: Int32Array,
  alpha: number,
  beta: number,
  V: number,
  d0: number,
  d1: number,
): void {
  const U = 2.3283064365386963e-10;
  const { K, zD32: own, zW32: other, ck, cnt } = a;
  const st = a.rng;
  const Vb = V * beta;
  const Ka = K * alpha;
  const invAlpha = 1 / alpha;
  let s0 = st[0]!,
    s1 = st[1]!,
    s2 = st[2]!,
    s3 = st[3]!;
  let t = 0;
  for (let d = d0; d < d1; d++) {
    const s = docStart[d]!;
    const e = docStart[d + 1]!;
    const L = e - s;
    if (L === 0) continue;
    for (let j = s; j < e; j++) cnt[own[j]! & 0xffff]!++;
    for (let j = s; j < e; j++) {
      const rec = own[j]!;
      const k0 = rec & 0xffff;
      const kp = rec >>> 16;
      let k = k0;
      if (kp !== k0) {
        t = s0 ^ (s0 << 11);
        s0 = s1;
        s1 = s2;
        s2 = s3;
        s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
        const num = (cnt[kp]! + alpha) * (ck[k0]! - 1 + Vb);
        const den = (cnt[k0]! - 1 + alpha) * (ck[kp]! + Vb);
        if ((s3 >>> 0) * U * den < num) {
          k = kp;
          ck[k0]!--;
          ck[kp]!++;
        }
      }
      own[j] = k | (k0 << 16);
    }
    const tot = L + Ka;
    for (let j = s; j < e; j++) {
      const rec = own[j]!;
      cnt[rec >>> 16] = 0;
      t = s0 ^ (s0 << 11);
      s0 = s1;
      s1 = s2;
      s2 = s3;
      s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
      const x = (s3 >>> 0) * U * tot;
      let kp: number;
      if (x < L) kp = own[s + (x | 0)]! & 0xffff;
      else {
        kp = ((x - L) * invAlpha) | 0;
        if (kp >= K) kp = K - 1;
      }
      other[wpos[j]!] = (rec & 0xffff) | (kp << 16);
    }
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
}
