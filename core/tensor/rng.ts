/**
 * A small seeded random number generator whose whole state is one uint32, so trainers can
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

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** A derived generator (for a sub-stream such as one component's initialisers). */
  fork(label: string): Rng {
    let h = this.nextUint32();
    for (let i = 0; i < label.length; i++) h = mix32(h ^ label.charCodeAt(i));
    return new Rng(h);
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
  const rng = new Rng(0);
  rng.setState(seed);
  return () => rng.next();
}
