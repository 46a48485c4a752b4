import { describe, expect, it } from 'vitest';
import { Rng, Sfc32Rng, Xorshift128Rng, hashSeed, hashStrings, mulberry32, seedFor } from './rng.js';

// The first draws of each generator, as computed before the three copies were merged: the synthetic
// clips (sfc32), the LDA samplers (xorshift128) and the initialisers (mulberry32) depend on them.
describe('pinned streams', () => {
  it('mulberry32 Rng, its seed hashes and the raw mulberry32 stream', () => {
    const m = new Rng(7);
    expect([m.nextUint32(), m.nextUint32(), m.nextUint32()]).toEqual([4208585476, 1046233126, 469872595]);
    expect(m.normal()).toBe(-0.7142520005880483);
    expect(m.fork('enc').nextUint32()).toBe(998319573);
    expect(seedFor(7, 'encoder')).toBe(3306546031);
    expect(mulberry32(7)()).toBe(0.011704753153026104);
    expect(Rng.withState(7).next()).toBe(0.011704753153026104);
    expect(new Rng(3).shuffle([0, 1, 2, 3, 4, 5, 6, 7])).toEqual([5, 7, 3, 1, 6, 0, 4, 2]);
  });

  it('xorshift128 (LDA) and its document hash', () => {
    const x = new Xorshift128Rng(7);
    expect([x.nextU32(), x.nextU32(), x.nextU32(), x.int(1000), x.next()]).toEqual([
      469556256, 3105935781, 1523172795, 993, 0.014196798438206315,
    ]);
    expect(hashStrings(['a', 'bc'])).toBe(2438113497);
  });

  it('sfc32 (data sets) and its keyed seeds', () => {
    const s = new Sfc32Rng(7);
    expect([s.uint32(), s.uint32(), s.uint32()]).toEqual([838155491, 1550620431, 3610122010]);
    expect([s.normal(), s.normal(), s.int(1000)]).toEqual([-0.44786026089274755, 0.37494254767272645, 532]);
    expect(Sfc32Rng.from(7, 'train', 3).uint32()).toBe(3928459021);
    expect(hashSeed(7, 'train', 3)).toBe(3313265862);
    expect(new Sfc32Rng(3).shuffle([0, 1, 2, 3, 4, 5, 6, 7])).toEqual([0, 2, 5, 6, 1, 7, 4, 3]);
  });
});

describe('Sfc32Rng', () => {
  it('is deterministic and keyed streams differ', () => {
    const a = Sfc32Rng.from(1, 'x', 2);
    const b = Sfc32Rng.from(1, 'x', 2);
    const seqA = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(seqA);
    expect(hashSeed(1, 'x', 2)).not.toBe(hashSeed(1, 'x', 3));
    expect(hashSeed(1, 'ab', 'c')).not.toBe(hashSeed(1, 'a', 'bc'));
    expect(hashSeed(1, 'x')).not.toBe(hashSeed(2, 'x'));
  });

  it('has the right moments: uniform mean 1/2, normal mean 0 and variance 1', () => {
    const r = new Sfc32Rng(42);
    const n = 200_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      su += u;
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    // Standard errors: 0.29/sqrt(n) ≈ 0.00065 and 1/sqrt(n) ≈ 0.0022.
    expect(Math.abs(su / n - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(sn / n)).toBeLessThan(0.01);
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(0.02);
  });

  it('draws weighted indices in proportion and shuffles into a permutation', () => {
    const r = new Sfc32Rng(7);
    const counts = [0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[r.weighted([1, 2, 3])]!++;
    expect(counts[0]! / 60_000).toBeCloseTo(1 / 6, 1);
    expect(counts[2]! / 60_000).toBeCloseTo(1 / 2, 1);
    const p = r.shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('Rng.sampleIndices', () => {
  it('sampleIndices: k distinct indices of [0, n), the same draws as the refiner anchor sampler before it moved here, each index equally often', () => {
    const before = (rng: Rng, n: number, batch: number) => {
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < batch; i++) {
        const j = i + rng.int(n - i);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      return order.slice(0, batch);
    };
    for (const [n, k, seed] of [
      [1024, 64, 1],
      [65, 64, 2],
      [10, 3, 3],
    ] as const) {
      const a = new Rng(seed);
      const b = new Rng(seed);
      for (let call = 0; call < 3; call++) expect(a.sampleIndices(n, k)).toEqual(before(b, n, k));
    }
    expect(new Rng(3).sampleIndices(8, 3)).toEqual([2, 5, 0]); // pinned: the refiner's anchors depend on it
    expect(new Rng(3).sampleIndices(3, 5)).toHaveLength(3); // never more than n
    const r = new Rng(11);
    const counts = new Array(5).fill(0);
    for (let t = 0; t < 20000; t++) {
      const s = r.sampleIndices(5, 2);
      expect(s[0]).not.toBe(s[1]);
      for (const i of s) counts[i]++;
    }
    for (const c of counts) expect(Math.abs(c / 20000 - 0.4)).toBeLessThan(0.015); // P(i drawn) = k / n
  });
});
