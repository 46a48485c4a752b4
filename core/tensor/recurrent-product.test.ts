import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setTransposedProductsFast } from './matmul.js';
import { RecurrentProduct } from './recurrent-product.js';
import { Rng } from './rng.js';
import { useBackend } from './testing/use-backend.js';

const B = 3;
const H = 5;
const T = 6;

function randn(shape: number[], rng: Rng, scale = 0.5): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.normal() * scale),
    shape,
  );
}

/**
 * A tanh recurrence h_t = tanh(p_t + h_{t−1}·W), loss Σ_t Σ h_t ⊙ r_t; `product` is either a
 * plain tf.matMul (tfjs' gradient: one product and one addition per step) or the deferred one.
 */
function loss(p: tf.Tensor[], W: tf.Variable, r: tf.Tensor[], deferred: boolean, withTranspose = false): tf.Scalar {
  // WT made inside the forward pass, as the encoder does: it is gone when the gradient runs unless saved
  const rec = deferred ? new RecurrentProduct(W as tf.Tensor2D, withTranspose ? (tf.transpose(W) as tf.Tensor2D) : undefined) : null;
  let h = tf.tanh(p[0]!) as tf.Tensor2D;
  let total = tf.sum(tf.mul(h, r[0]!));
  if (rec) h = rec.anchor(h);
  for (let t = 1; t < T; t++) {
    const z = rec ? rec.times(h) : tf.matMul(h, W);
    h = tf.tanh(tf.add(p[t]!, z)) as tf.Tensor2D;
    total = tf.add(total, tf.sum(tf.mul(h, r[t]!)));
  }
  return total as tf.Scalar;
}

describe.each([
  ['cpu', false],
  ['cpu', true],
  ['wasm', false],
] as const)('RecurrentProduct on %s (transposed products fast: %s)', (backend, fast) => {
  afterEach(() => setTransposedProductsFast(false));

  it('gives the same loss and gradients as a product per step, W included', async () => {
    await useBackend(backend);
    setTransposedProductsFast(fast);
    const rng = new Rng(7);
    const W = tf.variable(randn([H, H], rng));
    const x0 = tf.variable(randn([B, H], rng));
    const p = Array.from({ length: T }, (_, t) => (t === 0 ? x0 : randn([B, H], rng)));
    const r = Array.from({ length: T }, () => randn([B, H], rng, 1));
    const run = (deferred: boolean) => {
      const { value, grads } = tf.variableGrads(() => loss(p, W, r, deferred, !fast), [W, x0]);
      return { value: value.dataSync()[0]!, dW: grads[W.name]!.dataSync(), dx0: grads[x0.name]!.dataSync() };
    };
    const plain = run(false);
    const deferred = run(true);
    expect(Math.abs(deferred.value - plain.value)).toBeLessThan(1e-6 * Math.abs(plain.value) + 1e-6);
    let worstW = 0;
    plain.dW.forEach((g, i) => {
      worstW = Math.max(worstW, Math.abs(deferred.dW[i]! - g));
    });
    // the same sum of T−1 products in another order: float32 rounding only
    expect(worstW).toBeLessThan(2e-6);
    expect(Math.max(...plain.dW.map(Math.abs))).toBeGreaterThan(0.1);
    plain.dx0.forEach((g, i) => {
      expect(Math.abs(deferred.dx0[i]! - g)).toBeLessThan(2e-6);
    });
    // a central difference on one weight confirms both (float32 loss: eps 1e-2)
    const k = 7;
    const w0 = W.dataSync().slice();
    const at = (d: number) => {
      const w = w0.slice();
      w[k]! += d;
      W.assign(tf.tensor2d(w, [H, H]));
      return loss(p, W, r, false).dataSync()[0]!;
    };
    const numeric = (at(1e-2) - at(-1e-2)) / 2e-2;
    W.assign(tf.tensor2d(w0, [H, H]));
    expect(Math.abs(numeric - deferred.dW[k]!)).toBeLessThan(2e-3 * Math.max(1, Math.abs(numeric)));
    tf.dispose([W, x0, ...p, ...r]);
  });

  it('leaves no tensor behind after a gradient', async () => {
    await useBackend(backend);
    setTransposedProductsFast(fast);
    const rng = new Rng(8);
    const W = tf.variable(randn([H, H], rng));
    const p = Array.from({ length: T }, () => randn([B, H], rng));
    const r = Array.from({ length: T }, () => randn([B, H], rng, 1));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => loss(p, W, r, true, !fast), [W]);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([W, ...p, ...r]);
  });
});

describe('RecurrentProduct misuse', () => {
  it('is a plain product before anchor (no gradient deferred)', async () => {
    await useBackend('cpu');
    const W = tf.variable(tf.tensor2d([1, 2, 3, 4], [2, 2]));
    const x = tf.tensor2d([[1, -1]]);
    const g = tf.variableGrads(() => tf.sum(new RecurrentProduct(W as tf.Tensor2D).times(x)) as tf.Scalar, [W]);
    // d Σ(x·W) / dW = xᵀ·1: rows x_0, x_1
    expect(Array.from(g.grads[W.name]!.dataSync())).toEqual([1, 1, -1, -1]);
    expect(Array.from(g.value.dataSync())).toEqual([-4]);
  });

  it('refuses a second anchor (one RecurrentProduct per recurrence)', async () => {
    await useBackend('cpu');
    const rec = new RecurrentProduct(tf.zeros([2, 2]) as tf.Tensor2D);
    rec.anchor(tf.ones([1, 2]));
    expect(() => rec.anchor(tf.ones([1, 2]))).toThrow(/anchor was called twice; make one RecurrentProduct per recurrence/);
  });

  it('counts a step whose input depends on nothing differentiated', async () => {
    await useBackend('cpu');
    const W = tf.variable(tf.tensor2d([1, 2, 3, 4], [2, 2]));
    const h0 = tf.tensor2d([[1, -1]]);
    const constant = tf.tensor2d([[0.5, 2]]);
    const f = (deferred: boolean) =>
      tf
        .variableGrads(() => {
          const rec = new RecurrentProduct(W as tf.Tensor2D);
          const a = deferred ? rec.anchor(h0) : h0;
          // Σ(a·W)² + Σ(c·W)²: the second product's input is a constant, not the anchored tensor
          return tf.add(tf.sum(tf.square(rec.times(a))), tf.sum(tf.square(rec.times(constant)))) as tf.Scalar;
        }, [W])
        .grads[W.name]!.dataSync();
    // by hand: a·W = [−2, −2], c·W = [6.5, 9]; dW = 2·aᵀ(a·W) + 2·cᵀ(c·W)
    const expected = [-4 + 6.5, -4 + 9, 4 + 26, 4 + 36];
    expect(Array.from(f(false))).toEqual(expected);
    expect(Array.from(f(true))).toEqual(expected);
  });
});
