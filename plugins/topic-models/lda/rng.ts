/**
 * Seeded PRNG: Marsaglia's xorshift128 (period 2^128 − 1), 32-bit state words seeded with
 * splitmix32. The samplers inline the same recurrence in their hot loops (state in locals) and
 * use this class only to hold and hand over the state, so a seed fixes every draw.
 */
export class Rng {
  /** State words; the samplers read and write them directly. */
  s: Int32Array;

  constructor(seed: number) {
    this.s = new Int32Array(4);
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      // splitmix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      z ^= z >>> 16;
      this.s[i] = z;
    }
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1;
  }

  /** Next raw 32-bit value (as an unsigned number). */
  nextU32(): number {
    const s = this.s;
    let t = s[0]!;
    t ^= t << 11;
    s[0] = s[1]!;
    s[1] = s[2]!;
    s[2] = s[3]!;
    let w = s[3]!;
    w = w ^ (w >>> 19) ^ (t ^ (t >>> 8));
    s[3] = w;
    return w >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() * 2.3283064365386963e-10;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return (this.nextU32() * 2.3283064365386963e-10 * n) | 0;
  }
}

/** A 32-bit FNV-1a hash of strings, to derive per-document seeds. */
export function hashStrings(parts: readonly string[], seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      h ^= p.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x20;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
