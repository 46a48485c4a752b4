import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { installWasmKernelFixes, uninstallWasmKernelFixes } from './wasm-kernels.js';
import { Rng } from './rng.js';
import { embeddingLookup } from './embedding.js';
import { useBackend } from './testing/use-backend.js';

/** Reference values computed on the host from the flat data. */
function refSlice(data: number[], shape: number[], begin: number[], size: number[]): number[] {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const out: number[] = [];
  const rec = (d: number, off: number) => {
    if (d === shape.length) return void out.push(data[off]!);
    for (let i = 0; i < size[d]!; i++) rec(d + 1, off + (begin[d]! + i) * strides[d]!);
  };
  rec(0, 0);
  return out;
}

beforeAll(async () => {
  await useBackend('wasm');
  installWasmKernelFixes();
  installWasmKernelFixes(); // idempotent
});

describe('wasm kernel fixes (Slice/Unpack/SplitV from heap views, Identity by reference)', () => {
  it('slice matches a host reference for random shapes, offsets and ranks 1–5', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 60; trial++) {
      const rank = 1 + rng.int(5);
      const shape = Array.from({ length: rank }, () => 1 + rng.int(5));
      const data = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 0.5);
      const begin = shape.map((s) => rng.int(s));
      const size = shape.map((s, d) => (rng.next() < 0.3 ? s - begin[d]! : 1 + rng.int(s - begin[d]!)));
      const x = tf.tensor(data, shape);
      const y = tf.slice(x, begin, size);
      expect(y.shape).toEqual(size);
      expect(Array.from(y.dataSync())).toEqual(refSlice(data, shape, begin, size));
      tf.dispose([x, y]);
    }
    const ints = tf.tensor2d(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [2, 3],
      'int32',
    );
    expect(tf.slice(ints, [0, 1], [2, 2]).arraySync()).toEqual([
      [2, 3],
      [5, 6],
    ]);
  });

  it('unstack on every axis and split with uneven sizes give the right pieces; gradients flow', () => {
    const data = Array.from({ length: 24 }, (_, i) => i);
    const x = tf.tensor3d(data, [2, 3, 4]);
    for (let axis = 0; axis < 3; axis++) {
      const parts = tf.unstack(x, axis);
      parts.forEach((p, i) => {
        const begin = [0, 0, 0];
        const size = [2, 3, 4];
        begin[axis] = i;
        size[axis] = 1;
        expect(Array.from(p.dataSync())).toEqual(refSlice(data, [2, 3, 4], begin, size));
      });
    }
    const [a, b] = tf.split(x, [1, 3], 2);
    expect(a!.shape).toEqual([2, 3, 1]);
    expect(Array.from(b!.dataSync())).toEqual(refSlice(data, [2, 3, 4], [0, 0, 1], [2, 3, 3]));
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.unstack(t, 1)[2]!, tf.tensor1d([1, 2, 3, 4]))))(x);
    expect(Array.from(g.dataSync())).toEqual(data.map((_, i) => (Math.floor(i / 4) % 3 === 2 ? (i % 4) + 1 : 0)));
  });

  it('clone shares data and disposing either side keeps the other intact', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    const z = tf.clone(y);
    z.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
  });
});

describe('wasm kernel fixes: GatherV2 by whole rows, Tanh through the vectorised Sigmoid', () => {
  it('gather matches a host reference on every axis, for floats and ints, with repeated indices', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 40; trial++) {
      const rank = 1 + rng.int(4);
      const shape = Array.from({ length: rank }, () => 1 + rng.int(5));
      const axis = rng.int(rank);
      // inner runs below and above the 16-element switch between the element loop and row copies
      if (trial % 2 === 0) shape[rank - 1] = 17 + rng.int(5);
      const n = shape.reduce((a, b) => a * b, 1);
      const data = Array.from({ length: n }, (_, i) => i * 3 - 7);
      const ids = Array.from({ length: 1 + rng.int(7) }, () => rng.int(shape[axis]!));
      const x = tf.tensor(data, shape, trial % 3 === 0 ? 'int32' : 'float32');
      const y = tf.gather(x, tf.tensor1d(ids, 'int32'), axis);
      const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
      const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      const expected: number[] = [];
      for (let o = 0; o < outer; o++)
        for (const id of ids) for (let j = 0; j < inner; j++) expected.push(data[(o * shape[axis]! + id) * inner + j]!);
      expect(y.shape).toEqual([...shape.slice(0, axis), ids.length, ...shape.slice(axis + 1)]);
      expect(Array.from(y.dataSync())).toEqual(expected);
      tf.dispose([x, y]);
    }
    // 2-D indices, and the row lookup's gradient (a scatter-add of the picked rows)
    const t = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    expect(tf.gather(t, tf.tensor2d([2, 0, 2, 1], [2, 2], 'int32')).arraySync()).toEqual([
      [
        [5, 6],
        [1, 2],
      ],
      [
        [5, 6],
        [3, 4],
      ],
    ]);
    // (tf.gather's own gradient needs UnsortedSegmentSum, which wasm lacks: see embeddingLookup)
    const g = tf.grad((u: tf.Tensor) => tf.sum(embeddingLookup(u as tf.Tensor2D, tf.tensor1d([2, 2, 0], 'int32'))))(t);
    expect(Array.from(g.dataSync())).toEqual([1, 1, 0, 0, 2, 2]);
  });

  it('gather rejects an index outside the axis, naming it', () => {
    const t = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    expect(() => tf.gather(t, tf.tensor1d([0, 2], 'int32'))).toThrow('GatherV2: the index value 2 is not in [0, 1]');
    expect(() => tf.gather(t, tf.tensor1d([-1], 'int32'))).toThrow('not in [0, 1]');
  });

  it('tanh is within 2e-7 of Math.tanh from −20 to 20, maps ±∞ and NaN as tanh does, and keeps its gradient', () => {
    const xs = Array.from({ length: 4001 }, (_, i) => (i - 2000) / 100);
    const y = tf.tanh(tf.tensor1d(xs)).dataSync();
    let worst = 0;
    xs.forEach((x, i) => {
      worst = Math.max(worst, Math.abs(y[i]! - Math.tanh(x)));
    });
    expect(worst).toBeLessThan(2e-7);
    const special = Array.from(tf.tanh(tf.tensor1d([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 0])).dataSync());
    expect(special.slice(0, 2)).toEqual([1, -1]);
    expect(Number.isNaN(special[2])).toBe(true);
    expect(special[3]).toBe(0);
    // d tanh / dx = 1 − tanh² (tfjs' gradient from the output)
    const g = tf
      .grad((u: tf.Tensor) => tf.sum(tf.tanh(u)))(tf.tensor1d([0, 0.5, -2]))
      .dataSync();
    [0, 0.5, -2].forEach((x, i) => {
      expect(g[i]!).toBeCloseTo(1 - Math.tanh(x) ** 2, 6);
    });
  });

  it('tanh frees its intermediate buffers (the backend holds no more data after 50 calls)', () => {
    const x = tf.randomNormal([64, 33]);
    const before = tf.engine().backend.numDataIds();
    for (let i = 0; i < 50; i++) tf.tanh(x).dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });
});

describe('wasm kernel fixes: Sum over middle axes by a SIMD row loop', () => {
  it('gives the bits of tfjs-backend-wasm own Sum for every axis block, inner sizes around the SIMD width, and keepDims', () => {
    const rng = new Rng(21);
    const cases: [number[], number[]][] = [
      [[472, 37], [0]],
      [[5, 9, 8], [1]],
      [
        [4, 6, 7],
        [0, 1],
      ],
      [
        [3, 5, 4, 6],
        [1, 2],
      ],
      [[2, 3, 5, 3], [1]],
      [[6, 1], [0]],
      [[7, 4, 5], [2]], // innermost: tfjs' kernel
      [
        [4, 5, 6],
        [0, 2],
      ], // not one block: tfjs' kernel
    ];
    for (const [shape, axes] of cases) {
      const n = shape.reduce((a, b) => a * b, 1);
      // magnitudes from 1e-3 to 1e3, so that the order of the additions shows in the bits
      const x = tf.tensor(
        Array.from({ length: n }, () => rng.normal() * 10 ** (rng.int(7) - 3)),
        shape,
      );
      for (const keepDims of [false, true]) {
        const ours = tf.sum(x, axes, keepDims);
        uninstallWasmKernelFixes();
        const theirs = tf.sum(x, axes, keepDims);
        installWasmKernelFixes();
        expect(ours.shape).toEqual(theirs.shape);
        expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()));
        tf.dispose([ours, theirs]);
      }
      x.dispose();
    }
    // hand-computed: columns of [[1, 2], [3, 4], [5, 6]]
    expect(Array.from(tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]), 0).dataSync())).toEqual([9, 12]);
  });
});
