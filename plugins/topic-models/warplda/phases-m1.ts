/**
 * The two phases of WarpLDA (sampler.ts) specialised to one MH step per phase (M = 1), the
 * bench's and the C++ reference's setting. Same draws in the same order, same floating-point
 * expressions, so the same chain bit for bit; faster because a record (topic, proposal) is two
 * Uint16 that are read and written as one 32-bit word (little-endian: topic in the low half), and
 * with one step the token's current topic is always k0, so the self-exclusion terms are constants.
 *
 * The word phase and the doc phase are one function: each streams through its own order's records
 * group by group (a word's tokens, a document's tokens), accepts or rejects each token's proposal
 * against the group's delayed count, and writes the token's new topic and a proposal drawn by random
 * positioning over the group's new topics into the other order's record. Only the prior (β or α)
 * and the arrays differ.
 *
 * Everything the loops touch lives in one Int32Array (see heap-m1.ts), addressed by offsets.
 * TurboFan re-checks a typed array's map and reloads its length and data pointer on every loop
 * iteration (the loop's stack check ends what it knows), once per distinct array: one array
 * instead of six removes most of that. Offsets and counts are int32-coerced once on entry, and
 * index sums are `| 0` so they compile to plain 32-bit adds without overflow checks.
 */

/** One phase of one thread: where its arrays lie in the heap, and its prior. */
export interface PhaseM1 {
  /** Offset of the records this phase streams through (by-word for the word phase). */
  own: number;
  /** Offset of the other order's records, which it writes. */
  other: number;
  /** Offset of the `[n+1]` group boundaries (wordStart or docStart). */
  start: number;
  /** Offset of the `[N]` position of each own-order token in the other order (dpos or wpos). */
  pos: number;
  /** Offset of the C_k this thread samples against (exact with one thread). */
  ck: number;
  /** Offset of K zeros: the delayed count of the group, zero again on return. */
  cnt: number;
  K: number;
  /** β in the word phase, α in the doc phase. */
  prior: number;
  /** V β. */
  Vb: number;
}

/**
 * One phase over groups [g0, g1) of `h` as laid out by `p`; `st` is the xorshift128 state, read
 * at the start and written back at the end.
 */
export function phaseM1(h: Int32Array, p: PhaseM1, st: Int32Array, g0: number, g1: number): void {
  // Self-contained (no module-level names): threads.ts ships its source to the worker threads.
  const U = 2.3283064365386963e-10;
  const own = p.own | 0;
  const other = p.other | 0;
  const start = p.start | 0;
  const pos = p.pos | 0;
  const ck = p.ck | 0;
  const cnt = p.cnt | 0;
  const K = p.K | 0;
  const prior = +p.prior;
  const Vb = +p.Vb;
  const Kp = K * prior;
  const invPrior = 1 / prior;
  const end = g1 | 0;
  let s0 = st[0]!,
    s1 = st[1]!,
    s2 = st[2]!,
    s3 = st[3]!;
  let t = 0;
  for (let g = g0 | 0; g < end; g = (g + 1) | 0) {
    const s = h[(start + g) | 0]!;
    const e = h[(start + g + 1) | 0]!;
    const L = (e - s) | 0;
    if (L === 0) continue;
    const rs = (own + s) | 0;
    const re = (own + e) | 0;
    for (let i = rs; i < re; i = (i + 1) | 0) h[(cnt + (h[i]! & 0xffff)) | 0]!++;
    for (let i = rs; i < re; i = (i + 1) | 0) {
      const rec = h[i]!;
      const k0 = rec & 0xffff;
      const kp = rec >>> 16;
      if (kp !== k0) {
        t = s0 ^ (s0 << 11);
        s0 = s1;
        s1 = s2;
        s2 = s3;
        s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
        // Counts without the token itself, which is still counted at k0.
        const num = (h[(cnt + kp) | 0]! + prior) * (((h[(ck + k0) | 0]! - 1) | 0) + Vb);
        const den = (((h[(cnt + k0) | 0]! - 1) | 0) + prior) * (h[(ck + kp) | 0]! + Vb);
        if ((s3 >>> 0) * U * den < num) {
          // The proposal half is not read again: the other phase rewrites the whole record.
          h[i] = kp;
          h[(ck + k0) | 0]!--;
          h[(ck + kp) | 0]!++;
        }
      }
    }
    // Zeroing all K at once lets a rejected token's record go unwritten (clearing token by token
    // needed k0 kept in every record); one fill per group costs less than those stores.
    h.fill(0, cnt, (cnt + K) | 0);
    const tot = L + Kp;
    const toPos = (pos - own) | 0;
    for (let i = rs; i < re; i = (i + 1) | 0) {
      const rec = h[i]!;
      t = s0 ^ (s0 << 11);
      s0 = s1;
      s1 = s2;
      s2 = s3;
      s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
      const x = (s3 >>> 0) * U * tot;
      let kp: number;
      if (x < L) kp = h[(rs + (x | 0)) | 0]! & 0xffff;
      else {
        kp = ((x - L) * invPrior) | 0;
        if (kp >= K) kp = K - 1;
      }
      h[(other + h[(toPos + i) | 0]!) | 0] = (rec & 0xffff) | (kp << 16);
    }
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
}
