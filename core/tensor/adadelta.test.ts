import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Adadelta } from './adadelta.js';
import { ADADELTA_KERNEL } from './adadelta-kernel.js';
import { Rng } from './rng.js';
import { useBackend } from './testing/use-backend.js';

/** Zeiler's rule for one scalar, in float64, written out by hand. */
function zeiler(x0: number, grads: number[], rho = 0.95, eps = 1e-6): number[] {
  let eg = 0;
  let ex = 0;
  let x = x0;
  const xs: number[] = [];
  for (const g of grads) {
    eg = rho * eg + (1 - rho) * g * g;
    const dx = (-Math.sqrt(ex + eps) / Math.sqrt(eg + eps)) * g;
    ex = rho * ex + (1 - rho) * dx * dx;
    x += dx;
    xs.push(x);
  }
  return xs;
}

describe.each(['cpu', 'wasm'] as const)('Adadelta (Zeiler 2012) on %s', (backend) => {
  beforeAll(async () => useBackend(backend));

  it('first step: Δx = −√ε/√((1−ρ)g²+ε)·g — hand-computed', () => {
    // g = 2: E[g²] = 0.05·4 = 0.2; Δx = −√1e-6/√(0.200001)·2 = −0.00447212...
    const v = tf.variable(tf.tensor1d([1]));
    const opt = new Adadelta();
    opt.apply({ w: v }, { w: tf.tensor1d([2]) });
    const expected = 1 - (Math.sqrt(1e-6) / Math.sqrt(0.2 + 1e-6)) * 2;
    expect(v.dataSync()[0]).toBeCloseTo(expected, 6);
    expect(expected).toBeCloseTo(1 - 0.004472125, 8);
    opt.dispose();
  });

  it('follows the float64 recurrence over 5 steps (not tf.train.adadelta)', () => {
    const grads = [2, -1, 0.5, 3, -0.25];
    const want = zeiler(1, grads);
    const v = tf.variable(tf.tensor1d([1]));
    const opt = new Adadelta();
    const got: number[] = [];
    for (const g of grads) {
      opt.apply({ w: v }, { w: tf.tensor1d([g]) });
      got.push(v.dataSync()[0]!);
    }
    got.forEach((x, i) => {
      expect(x).toBeCloseTo(want[i]!, 6);
    });
    // tf.train.adadelta's first step is SGD with lr 1: x = 1 − 2 = −1. Ours moves by ~0.0045.
    expect(Math.abs(got[0]! - 1)).toBeLessThan(0.005);
    expect(opt.step).toBe(5);
    opt.dispose();
  });

  it('save/restore continues exactly', () => {
    const grads = [0.3, -0.7, 1.1, 0.2];
    const a = tf.variable(tf.tensor1d([0.5, -0.5]));
    const optA = new Adadelta();
    for (const g of grads) optA.apply({ w: a }, { w: tf.tensor1d([g, -g]) });

    const b = tf.variable(tf.tensor1d([0.5, -0.5]));
    const optB = new Adadelta();
    for (const g of grads.slice(0, 2)) optB.apply({ w: b }, { w: tf.tensor1d([g, -g]) });
    const state = optB.getState();
    const copies = Object.fromEntries(Object.entries(state.tensors).map(([k, t]) => [k, tf.clone(t)]));
    const optC = new Adadelta();
    optC.setState({ step: state.step, tensors: copies });
    for (const g of grads.slice(2)) optC.apply({ w: b }, { w: tf.tensor1d([g, -g]) });
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(optC.step).toBe(4);
  });

  it('the fused one-pass kernel gives the tensor-op update within float32 rounding over 4 steps of 5000 weights', () => {
    const rng = new Rng(5);
    const x0 = Array.from({ length: 5000 }, () => rng.normal());
    const grads = Array.from({ length: 4 }, () => Array.from({ length: 5000 }, () => rng.normal() * 10 ** (rng.int(5) - 2)));
    const run = () => {
      const v = tf.variable(tf.tensor1d(x0));
      const opt = new Adadelta({ rho: 0.9, learningRate: 0.5 });
      for (const g of grads) opt.apply({ w: v }, { w: tf.tensor1d(g) });
      const out = { x: Array.from(v.dataSync()), state: Object.values(opt.getState().tensors).map((t) => Array.from(t.dataSync())) };
      opt.dispose();
      v.dispose();
      return out;
    };
    expect(tf.getKernel(ADADELTA_KERNEL, backend)).toBeDefined();
    const fused = run();
    const kernel = tf.getKernel(ADADELTA_KERNEL, backend)!;
    tf.unregisterKernel(ADADELTA_KERNEL, backend);
    const ops = run();
    tf.registerKernel(kernel);
    let worst = 0;
    fused.x.forEach((x, i) => {
      worst = Math.max(worst, Math.abs(x - ops.x[i]!) / Math.max(1, Math.abs(ops.x[i]!)));
    });
    expect(worst).toBeLessThan(1e-6);
    fused.state.forEach((s, k) => {
      s.forEach((e, i) => {
        expect(Math.abs(e - ops.state[k]![i]!)).toBeLessThanOrEqual(2e-6 * Math.abs(ops.state[k]![i]!) + 1e-12);
      });
    });
    // the weights moved: the comparison is not between two unchanged copies
    expect(Math.abs(fused.x[0]! - x0[0]!)).toBeGreaterThan(1e-4);
  });
});
