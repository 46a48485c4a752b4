/**
 * Every seeded random number generator of topiclens, in one place. Three algorithms, each kept
 * where results must stay bit-identical to what earlier versions computed:
 *
 * - `Rng` — mulberry32: the trainers' and initialisers' stream (one-uint32 state, checkpointable).
 * - `Xorshift128Rng` — Marsaglia's xorshift128: the LDA samplers' stream (they inline it).
 * - `Sfc32Rng` — sfc32: the data sets' stream (the synthetic clips are drawn from it).
 *
 * All are pure 32-bit integer arithmetic, so a seed gives the same numbers on every platform.
 */

// ---------------------------------------------------------------------------------------------
// mulberry32: trainers, initialisers, fixtures

/**
 * The trainers' seeded random number generator, whose whole state is one uint32, so trainers can
 * checkpoint it and resume bit-for-bit. Algorithm: mulberry32 (Tommy Ettinger), period 2^32.
 */
export class Rng {
  private s: number;

  constructor(seed: number) {
    // Mix the seed once so that nearby seeds (1, 2, 3) give unrelated streams.
    this.s = mix32((seed >>> 0) ^ 0x9e3779b9);
  }

  /** Next uint32. */
  nextUint32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller; one draw per call, so the state stays one number). */
  normal(): number {
    let u = this.next();
    while (u <= 0) u = this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** In-place Fisher–Yates shuffle; returns the array. */
  shuffle<T>(items: T[]): T[] {
    return shuffleInPlace(items, (n) => this.int(n));
  }

  /**
   * `k` distinct indices of [0, n), in the order drawn: Fisher–Yates from the front, stopped after
   * k swaps (k draws, whatever n).
   */
  sampleIndices(n: number, k: number): number[] {
    const order = Array.from({ length: n }, (_, i) => i);
    const m = Math.min(k, n);
    for (let i = 0; i < m; i++) {
      const j = i + this.int(n - i);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    return order.slice(0, m);
  }

  /** A derived generator (for a sub-stream such as one component's initialisers). */
  fork(label: string): Rng {
    let h = this.nextUint32();
    for (let i = 0; i < label.length; i++) h = mix32(h ^ label.charCodeAt(i));
    return new Rng(h);
  }

  /** A generator that continues from `state` (a `getState()` value), with no seed mixing. */
  static withState(state: number): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  getState(): number {
    return this.s;
  }

  setState(state: number): void {
    this.s = state >>> 0;
  }
}

/** A 32-bit integer hash (lowbias32). */
export function mix32(x: number): number {
  x = x >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A stable seed for a named sub-stream of `seed` (e.g. `seedFor(7, 'encoder')`). */
export function seedFor(seed: number, label: string): number {
  let h = mix32(seed >>> 0);
  for (let i = 0; i < label.length; i++) h = mix32(h ^ label.charCodeAt(i));
  return h;
}

/**
 * mulberry32 as a plain function of its seed, without Rng's seed mixing: for fixtures and
 * helpers that need a fixed, platform-independent stream in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  const rng = Rng.withState(seed);
  return () => rng.next();
}

// ---------------------------------------------------------------------------------------------
// xorshift128: the LDA samplers (WarpLDA and Gibbs inline the recurrence; keep it exact)

/**
 * The LDA samplers' seeded PRNG: Marsaglia's xorshift128 (period 2^128 − 1), 32-bit state words seeded with
 * splitmix32. The samplers inline the same recurrence in their hot loops (state in locals) and
 * use this class only to hold and hand over the state, so a seed fixes every draw.
 */
export class Xorshift128Rng {
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

// ---------------------------------------------------------------------------------------------
// sfc32: the data sets (the synthetic clips and split shuffles; keep it exact)

/** 32-bit FNV-1a hash of keys, mixed with a numeric seed: the data sets' stream keys. */
export function hashSeed(seed: number, ...keys: (string | number)[]): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  h = Math.imul(h, 0x01000193) >>> 0;
  for (const key of keys) {
    const s = `|${key}`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  // Final avalanche (murmur3 fmix32).
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The data sets' seeded generator (sfc32 seeded by splitmix32); `from` derives keyed streams. */
export class Sfc32Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Derive an independent stream. */
  static from(seed: number, ...keys: (string | number)[]): Sfc32Rng {
    return new Sfc32Rng(hashSeed(seed, ...keys));
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi] inclusive. */
  intBetween(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  bool(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Sfc32Rng.pick: empty list');
    return items[this.int(items.length)]!;
  }

  /** Index drawn with probability proportional to `weights`. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** In-place Fisher–Yates shuffle; returns the array. */
  shuffle<T>(items: T[]): T[] {
    return shuffleInPlace(items, (n) => this.int(n));
  }
}

/** Fisher–Yates from the last item down, `int(n)` drawing in [0, n): both generators' shuffle. */
function shuffleInPlace<T>(items: T[], int: (n: number) => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = int(i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}
