import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { installWasmKernelFixes } from './wasm-kernels.js';
import { Rng } from './rng.js';
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

describe('wasm kernel fixes (Slice/Unpack/SplitV from heap views, Identity by reference)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    installWasmKernelFixes();
    installWasmKernelFixes(); // idempotent
  });

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
