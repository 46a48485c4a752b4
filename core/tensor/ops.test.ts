import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { matMulFast } from './matmul.js';
import { embeddingLookup } from './embedding.js';
import { clipByGlobalNorm } from './clip.js';
import { checkFinite, NonFiniteError } from './guard.js';
import { glorotUniform, orthogonal } from './init.js';
import { Rng } from './rng.js';
import { gradCheck, useBackend } from './testing/use-backend.js';

const rand = (rng: Rng, shape: number[]): tf.Tensor =>
  tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
    shape,
  );

describe('tensor ops', () => {
  beforeAll(async () => useBackend('cpu'));

  it('matMulFast: value and gradients equal tf.matMul (with and without bT), and pass a finite-difference check', () => {
    const rng = new Rng(3);
    const a = tf.variable(rand(rng, [3, 4])) as tf.Variable<tf.Rank.R2>;
    const b = tf.variable(rand(rng, [4, 5])) as tf.Variable<tf.Rank.R2>;
    const w = rand(rng, [3, 5]);
    const ref = tf.variableGrads(() => tf.sum(tf.mul(tf.matMul(a, b), w)), [a, b]);
    const fast = tf.variableGrads(() => tf.sum(tf.mul(matMulFast(a, b), w)), [a, b]);
    const fastT = tf.variableGrads(() => tf.sum(tf.mul(matMulFast(a, b, tf.transpose(b)), w)), [a, b]);
    expect(fast.value.dataSync()[0]).toBeCloseTo(ref.value.dataSync()[0]!, 5);
    for (const r of [fast, fastT]) {
      for (const v of [a, b]) {
        const d = tf.max(tf.abs(tf.sub(r.grads[v.name]!, ref.grads[v.name]!))).dataSync()[0]!;
        expect(d).toBeLessThan(1e-5);
      }
    }
    const check = gradCheck(() => tf.sum(tf.mul(tf.tanh(matMulFast(a, b)), w)), { a, b }, { eps: 1e-3, perVariable: 6 });
    expect(check.worst, check.where).toBeLessThan(1e-2);
  });

  it('embeddingLookup gradient equals tf.gather gradient (duplicates summed) to 1e-6', () => {
    const rng = new Rng(5);
    const table = tf.variable(rand(rng, [7, 3])) as tf.Variable<tf.Rank.R2>;
    const ids = tf.tensor2d(
      [
        [1, 4, 1],
        [6, 1, 0],
      ],
      [2, 3],
      'int32',
    );
    const w = rand(rng, [2, 3, 3]);
    const ref = tf.variableGrads(() => tf.sum(tf.mul(tf.gather(table, ids), w)), [table]);
    const ours = tf.variableGrads(() => tf.sum(tf.mul(embeddingLookup(table, ids), w)), [table]);
    expect(ours.value.dataSync()[0]).toBeCloseTo(ref.value.dataSync()[0]!, 6);
    const d = tf.max(tf.abs(tf.sub(ours.grads[table.name]!, ref.grads[table.name]!))).dataSync()[0]!;
    expect(d).toBeLessThan(1e-6);
    // row 1 is used three times: its gradient is the sum of the three upstream rows
    const g = ours.grads[table.name]!.arraySync() as number[][];
    const wa = w.arraySync() as number[][][];
    expect(g[1]![0]).toBeCloseTo(wa[0]![0]![0]! + wa[0]![2]![0]! + wa[1]![1]![0]!, 5);
    expect(g[2]).toEqual([0, 0, 0]);
  });

  it('clipByGlobalNorm scales all gradients jointly', () => {
    const g = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) };
    const report = checkFinite(0, {}, g);
    expect(report.globalNorm).toBeCloseTo(5, 6);
    const clipped = clipByGlobalNorm(g, report.globalNorm, 1);
    expect(Array.from(clipped.a!.dataSync())).toEqual([expect.closeTo(0.6, 6), 0]);
    expect(Array.from(clipped.b!.dataSync())).toEqual([0, expect.closeTo(0.8, 6)]);
    expect(clipByGlobalNorm(g, 5, 10)).toBe(g);
  });

  it('checkFinite names the step and offending tensors', () => {
    const grads = { 'decoder/Wp': tf.tensor1d([1, NaN]), 'encoder/Wx': tf.tensor1d([1, 2]) };
    let err: unknown;
    try {
      checkFinite(17, { task: tf.scalar(Infinity), interpretive: tf.scalar(1) }, grads);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteError);
    expect((err as NonFiniteError).step).toBe(17);
    expect((err as NonFiniteError).offenders).toEqual(['task = Infinity', 'gradient of decoder/Wp']);
    expect((err as Error).message).toContain('step 17');
  });

  it('initialisers: Glorot bounds, orthogonality, and determinism from the seed', () => {
    const g = glorotUniform([30, 50], new Rng(1));
    const limit = Math.sqrt(6 / 80);
    expect(Math.max(...g.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(0.9 * limit);
    expect(Array.from(glorotUniform([30, 50], new Rng(1)))).toEqual(Array.from(g));
    const q = orthogonal([6, 4], new Rng(2));
    // columns orthonormal: QᵀQ = I
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        let dot = 0;
        for (let r = 0; r < 6; r++) dot += q[r * 4 + i]! * q[r * 4 + j]!;
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
      }
    }
    const wide = orthogonal([3, 5], new Rng(2));
    for (let i = 0; i < 3; i++) {
      let dot = 0;
      for (let c = 0; c < 5; c++) dot += wide[i * 5 + c]! ** 2;
      expect(dot).toBeCloseTo(1, 5);
    }
  });

  it('Rng: state round-trips and shuffles are a permutation', () => {
    const r = new Rng(42);
    r.next();
    const s = r.getState();
    const a = [r.next(), r.next()];
    r.setState(s);
    expect([r.next(), r.next()]).toEqual(a);
    const perm = new Rng(9).shuffle([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...perm].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(perm).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('tensor ops on wasm', () => {
  beforeAll(async () => useBackend('wasm'));
  it('embedding and matMulFast gradients run on wasm (no UnsortedSegmentSum) and match cpu values', () => {
    const table = tf.variable(
      tf.tensor2d([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    ) as tf.Variable<tf.Rank.R2>;
    const w = tf.variable(
      tf.tensor2d([
        [1, -1],
        [0.5, 2],
      ]),
    ) as tf.Variable<tf.Rank.R2>;
    const ids = tf.tensor1d([2, 0, 2], 'int32');
    const { value, grads } = tf.variableGrads(() => tf.sum(matMulFast(embeddingLookup(table, ids) as tf.Tensor2D, w)), [table, w]);
    expect(value.dataSync()[0]).toBeCloseTo(5 * 0 + 6 * 2.5 + 1 * 0 + 2 * 2.5 + 5 * 0 + 6 * 2.5, 4);
    expect(Array.from(grads[table.name]!.dataSync())).toEqual([0, 2.5, 0, 0, 0, 5]);
    expect(Array.from(grads[w.name]!.dataSync())).toEqual([11, 11, 14, 14]);
  });
});
