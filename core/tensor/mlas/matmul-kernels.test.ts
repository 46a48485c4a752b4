import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { installMlasMatMul, mlasMatMulStatus, uninstallMlasMatMul } from './matmul-kernels.js';
import { loadOrtNative } from './ort-native.js';
import { Rng } from '../rng.js';
import { useBackend } from '../testing/use-backend.js';

const ortMissing = await loadOrtNative().then(
  () => null,
  (e: Error) => e.message,
);

/** Host reference: out[b, i, j] = Σ_k A[b, i, k]·B[b, k, j] in float64, with the transposes. */
function refMatMul(
  a: Float32Array,
  b: Float32Array,
  batchA: number,
  batchB: number,
  m: number,
  k: number,
  n: number,
  tA: boolean,
  tB: boolean,
): Float64Array {
  const batch = Math.max(batchA, batchB);
  const out = new Float64Array(batch * m * n);
  for (let p = 0; p < batch; p++) {
    const oa = (batchA === 1 ? 0 : p) * m * k;
    const ob = (batchB === 1 ? 0 : p) * k * n;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += a[oa + (tA ? q * m + i : i * k + q)]! * b[ob + (tB ? j * k + q : q * n + j)]!;
        out[p * m * n + i * n + j] = s;
      }
  }
  return out;
}

const maxRelErr = (got: ArrayLike<number>, want: ArrayLike<number>): number => {
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / scale);
  return worst;
};

describe.skipIf(ortMissing !== null)(`MLAS matmul kernels on wasm${ortMissing ? ` (skipped: ${ortMissing})` : ''}`, () => {
  beforeAll(async () => {
    await useBackend('wasm');
    await installMlasMatMul({ threads: 1, minWork: 0, minWorkTransposed: 0 });
  });
  afterAll(() => uninstallMlasMatMul());

  it('2-D products in all four transpose forms match a float64 host reference to 1e-6', () => {
    const rng = new Rng(3);
    const [m, k, n] = [37, 19, 23];
    for (const tA of [false, true])
      for (const tB of [false, true]) {
        const a = Float32Array.from({ length: m * k }, () => rng.normal());
        const b = Float32Array.from({ length: k * n }, () => rng.normal());
        const before = mlasMatMulStatus();
        const got = tf.tidy(() => tf.matMul(tf.tensor2d(a, tA ? [k, m] : [m, k]), tf.tensor2d(b, tB ? [n, k] : [k, n]), tA, tB).dataSync());
        const after = mlasMatMulStatus();
        expect(after.active && before.active && after.stats.native - before.stats.native).toBe(1);
        expect(got.length).toBe(m * n);
        expect(maxRelErr(got, refMatMul(a, b, 1, 1, m, k, n, tA, tB))).toBeLessThan(1e-6);
      }
  });

  it('batched products (equal batches and a broadcast batch of 1) match the reference', () => {
    const rng = new Rng(4);
    const [m, k, n] = [5, 7, 3];
    for (const [batchA, batchB] of [
      [4, 4],
      [1, 4],
      [4, 1],
    ] as const)
      for (const tA of [false, true])
        for (const tB of [false, true]) {
          const a = Float32Array.from({ length: batchA * m * k }, () => rng.normal());
          const b = Float32Array.from({ length: batchB * k * n }, () => rng.normal());
          const out = tf.tidy(() => {
            const y = tf.matMul(
              tf.tensor3d(a, tA ? [batchA, k, m] : [batchA, m, k]),
              tf.tensor3d(b, tB ? [batchB, n, k] : [batchB, k, n]),
              tA,
              tB,
            );
            return { shape: y.shape, data: y.dataSync() };
          });
          expect(out.shape).toEqual([Math.max(batchA, batchB), m, n]);
          expect(maxRelErr(out.data, refMatMul(a, b, batchA, batchB, m, k, n, tA, tB))).toBeLessThan(1e-6);
        }
  });

  it('is deterministic: the same product twice gives identical bits', () => {
    const a = tf.randomNormal([300, 400], 0, 1, 'float32', 1);
    const b = tf.randomNormal([400, 500], 0, 1, 'float32', 2);
    const y1 = tf.matMul(a, b, false, false).dataSync();
    const y2 = tf.matMul(a, b, false, false).dataSync();
    expect(Buffer.from(y1.buffer).equals(Buffer.from(y2.buffer))).toBe(true);
    tf.dispose([a, b]);
  });

  it('gives the same bits on 1 and 2 threads (MLAS splits the output, not the sums)', async () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[300, 400], [400, 500], false, false],
      [[64, 128], [128, 64], false, false],
      [[1024, 64], [1024, 1], true, false],
      [[896, 256], [512, 256], false, true],
      [[4, 37, 90], [4, 90, 61], false, false],
    ];
    const run = () =>
      cases.map(([sa, sb, tA, tB], i) => {
        const a = tf.randomNormal(sa, 0, 1, 'float32', 10 + i);
        const b = tf.randomNormal(sb, 0, 1, 'float32', 20 + i);
        const y = tf.matMul(a, b, tA, tB).dataSync().slice();
        tf.dispose([a, b]);
        return y;
      });
    const one = run();
    await installMlasMatMul({ threads: 2, minWork: 0, minWorkTransposed: 0 });
    const two = run();
    await installMlasMatMul({ threads: 1, minWork: 0, minWorkTransposed: 0 });
    one.forEach((y, i) => {
      expect(Buffer.from(y.buffer).equals(Buffer.from(two[i]!.buffer))).toBe(true);
    });
  });

  it('fused products (bias + relu, bias + leaky relu, bias) equal the unfused ops to 1e-5', () => {
    // Not against tfjs-wasm 4.22's own _FusedMatMul: with transposeB and a bias it adds the bias
    // to the wrong elements (measured: row 1 differs from matMul + add).
    const rng = new Rng(5);
    const a = tf.tensor2d(
      Float32Array.from({ length: 30 * 40 }, () => rng.normal()),
      [30, 40],
    );
    const b = tf.tensor2d(
      Float32Array.from({ length: 50 * 40 }, () => rng.normal()),
      [50, 40],
    );
    const bias = tf.tensor1d(Float32Array.from({ length: 50 }, () => rng.normal()));
    const numBefore = tf.memory().numTensors;
    const fused = (activation: 'relu' | 'leakyrelu' | 'linear') =>
      tf.tidy(() => tf.fused.matMul({ a, b, transposeB: true, bias, activation, leakyreluAlpha: 0.3 }).dataSync());
    const want = tf.tidy(() => {
      const plain = tf.add(tf.matMul(a, b, false, true), bias);
      return { relu: tf.relu(plain).dataSync(), leakyrelu: tf.leakyRelu(plain, 0.3).dataSync(), linear: plain.dataSync() };
    });
    for (const act of ['relu', 'leakyrelu', 'linear'] as const) expect(maxRelErr(fused(act), want[act])).toBeLessThan(1e-5);
    expect(Math.min(...want.relu)).toBe(0);
    expect(tf.memory().numTensors).toBe(numBefore);
    tf.dispose([a, b, bias]);
  });

  it('leaves small plain products on the wasm kernel and leaks no tensors or heap buffers', async () => {
    await installMlasMatMul({ threads: 1, minWork: 1000, minWorkTransposed: 10 });
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const ids = backend.numDataIds();
    const s0 = mlasMatMulStatus();
    tf.tidy(() => {
      tf.matMul(tf.ones([4, 5]), tf.ones([5, 6])).dataSync(); // 120 < 1000: wasm
      tf.matMul(tf.ones([4, 5]), tf.ones([6, 5]), false, true).dataSync(); // transposed 120 ≥ 10: MLAS
      tf.matMul(tf.ones([20, 10]), tf.ones([10, 30])).dataSync(); // 6000: MLAS
    });
    const s1 = mlasMatMulStatus();
    if (!s0.active || !s1.active) throw new Error('MLAS kernels not active');
    expect(s1.stats.wasm - s0.stats.wasm).toBe(1);
    expect(s1.stats.native - s0.stats.native).toBe(2);
    expect(backend.numDataIds()).toBe(ids);
    await installMlasMatMul({ threads: 1, minWork: 0, minWorkTransposed: 0 });
  });

  it('gradients through tf.matMul (tfjs’ transposed-product gradient) match the plain wasm kernels', async () => {
    const rng = new Rng(6);
    const x = tf.tensor2d(
      Float32Array.from({ length: 64 * 48 }, () => rng.normal()),
      [64, 48],
    );
    const w = tf.tensor2d(
      Float32Array.from({ length: 48 * 32 }, () => rng.normal()),
      [48, 32],
    );
    const f = (xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(tf.matMul(xx as tf.Tensor2D, ww as tf.Tensor2D)));
    const grads = () =>
      tf
        .grads(f)([x, w])
        .map((g) => {
          const d = g.dataSync();
          g.dispose();
          return d;
        });
    const mlas = grads();
    uninstallMlasMatMul();
    const wasm = grads();
    await installMlasMatMul({ threads: 1, minWork: 0, minWorkTransposed: 0 });
    expect(maxRelErr(mlas[0]!, wasm[0]!)).toBeLessThan(1e-5);
    expect(maxRelErr(mlas[1]!, wasm[1]!)).toBeLessThan(1e-5);
    tf.dispose([x, w]);
  });
});
