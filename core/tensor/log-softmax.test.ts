import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { logSoftmax } from './log-softmax.js';
import { Rng } from './rng.js';
import { useBackend } from './testing/use-backend.js';

/** log softmax of one row in double precision. */
function reference(row: number[]): number[] {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((a, x) => a + Math.exp(x - m), 0));
  return row.map((x) => x - lse);
}

describe.each(['cpu', 'wasm'] as const)('logSoftmax from one softmax (%s)', (backend) => {
  it('matches a double-precision reference on rows with spreads up to 200, and 1e-30 probabilities', async () => {
    await useBackend(backend);
    const rng = new Rng(3);
    const rows = Array.from({ length: 6 }, (_, r) => Array.from({ length: 50 }, () => rng.normal() * [0.01, 1, 5, 20, 50, 100][r]!));
    const out = logSoftmax(tf.tensor2d(rows)).arraySync();
    rows.forEach((row, r) => {
      const ref = reference(row);
      // float32 rounding of values up to ~500 in magnitude: a few ulps
      ref.forEach((v, j) => {
        expect(Math.abs(out[r]![j]! - v)).toBeLessThan(4e-6 * Math.max(1, Math.abs(v)));
      });
    });
    // exp of the result sums to 1 per row
    const sums = tf.sum(tf.exp(tf.tensor2d(out)), 1).dataSync();
    for (const s of sums) expect(s).toBeCloseTo(1, 5);
  });

  it('has the gradient dy − p·Σdy (checked against central differences)', async () => {
    await useBackend(backend);
    const x = [0.3, -1.2, 2.0, 0.7];
    const w = [1, -2, 0.5, 3];
    const f = (v: number[]) => reference(v).reduce((a, l, j) => a + l * w[j]!, 0);
    const g = tf
      .grad((t: tf.Tensor) => tf.sum(tf.mul(logSoftmax(t as tf.Tensor2D), tf.tensor2d([w]))))(tf.tensor2d([x]))
      .dataSync();
    x.forEach((_, j) => {
      const h = 1e-5;
      const up = x.slice();
      const down = x.slice();
      up[j]! += h;
      down[j]! -= h;
      expect(g[j]!).toBeCloseTo((f(up) - f(down)) / (2 * h), 4);
    });
  });
});
