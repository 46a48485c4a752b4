import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { lstmCell, lstmCellOps } from './lstm.js';
import { hasLstmCellKernel } from './lstm-cell-kernel.js';
import { Rng } from './rng.js';
import { useBackend } from './testing/use-backend.js';

/** Pre-activations spread like a trained LSTM's (|z| up to ~20), plus saturating and zero entries. */
function gates(B: number, H: number, rng: Rng): tf.Tensor2D {
  const v = Float32Array.from({ length: B * 4 * H }, (_, i) => (i % 97 === 0 ? [0, 90, -90, 1e-8][i % 4]! : rng.normal() * 6));
  return tf.tensor2d(v, [B, 4 * H]);
}

function cells(B: number, H: number, rng: Rng): tf.Tensor2D {
  return tf.tensor2d(
    Float32Array.from({ length: B * H }, () => rng.normal() * 2),
    [B, H],
  );
}

// H 256: SIMD only; H 7: 4 units in SIMD and 3 in the JS tail; H 3: JS only.
describe.each([256, 7, 3])('the wasm LSTM cell kernel, H = %i', (H) => {
  const B = 5;

  it('gives the bits of the composed ops, with and without a previous cell', async () => {
    await useBackend('wasm');
    expect(hasLstmCellKernel()).toBe(true);
    const rng = new Rng(H);
    const z = gates(B, H, rng);
    const c = cells(B, H, rng);
    for (const prev of [c, null]) {
      const [h, c2] = lstmCell(z, prev);
      const [h0, c20] = lstmCellOps(z, prev);
      expect(Array.from(h.dataSync())).toEqual(Array.from(h0.dataSync()));
      // without a previous cell the kernel adds σ(f)·0: the same value, a zero may lose its sign
      expect(Array.from(c2.dataSync()).map((x) => x + 0)).toEqual(Array.from(c20.dataSync()).map((x) => x + 0));
      tf.dispose([h, c2, h0, c20]);
    }
    tf.dispose([z, c]);
  });

  it('has the gradient of the composed ops (z and c, through h and c2)', async () => {
    await useBackend('wasm');
    const rng = new Rng(100 + H);
    const z = gates(B, H, rng);
    const c = cells(B, H, rng);
    const rh = cells(B, H, rng);
    const rc = cells(B, H, rng);
    const loss = (cell: typeof lstmCell) => (zz: tf.Tensor, cc: tf.Tensor) => {
      const [h, c2] = cell(zz as tf.Tensor2D, cc as tf.Tensor2D);
      return tf.add(tf.sum(tf.mul(h, rh)), tf.sum(tf.mul(tf.square(c2), rc))) as tf.Scalar;
    };
    const [dzK, dcK] = tf
      .grads(loss(lstmCell))([z, c])
      .map((t) => t.dataSync());
    const [dzO, dcO] = tf
      .grads(loss(lstmCellOps))([z, c])
      .map((t) => t.dataSync());
    let worst = 0;
    let largest = 0;
    for (const [k, o] of [
      [dzK!, dzO!],
      [dcK!, dcO!],
    ] as const)
      o.forEach((g, i) => {
        worst = Math.max(worst, Math.abs(k[i]! - g) / (Math.abs(g) + 1e-3));
        largest = Math.max(largest, Math.abs(g));
      });
    // float32 rounding in another order only
    expect(worst).toBeLessThan(1e-5);
    expect(largest).toBeGreaterThan(1);
    tf.dispose([z, c, rh, rc]);
  });
});

describe('lstmCell on cpu', () => {
  it('keeps the composed ops (no kernel there)', async () => {
    await useBackend('cpu');
    expect(hasLstmCellKernel()).toBe(false);
    // one unit by hand: z = [i, f, g, o] = [0, 0, 0, 0], c = 1 → c' = 0.5·1 + 0.5·0 = 0.5, h = 0.5·tanh(0.5)
    const [h, c2] = lstmCell(tf.zeros([1, 4]), tf.ones([1, 1]));
    expect(c2.dataSync()[0]).toBeCloseTo(0.5, 7);
    expect(h.dataSync()[0]).toBeCloseTo(0.5 * Math.tanh(0.5), 7);
  });
});
