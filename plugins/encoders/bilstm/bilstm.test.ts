import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { BiLstmEncoder, withFrameDifferences } from './bilstm.js';
import { defaults } from './schema.js';
import { gradCheck, useBackend } from '../../../core/tensor/testing/use-backend.js';
import { Rng } from '../../../core/tensor/rng.js';

const frames = (seed: number, shape: [number, number, number]): tf.Tensor3D => {
  const r = new Rng(seed);
  return tf.tensor3d(
    Array.from({ length: shape[0] * shape[1] * shape[2] }, () => r.normal()),
    shape,
  );
};

/** A direct, unoptimised BiLSTM (per-frame products, no fusion) to compare against. */
function naive(enc: BiLstmEncoder, x: tf.Tensor3D): tf.Tensor3D {
  const v = enc.variables();
  const H = enc.options.units;
  const [B, n] = x.shape;
  const Wx = v.inputKernel!;
  const dir = (off: number, U: tf.Tensor, order: number[]): tf.Tensor[] => {
    let h = tf.zeros([B, H]);
    let c = tf.zeros([B, H]);
    const out: tf.Tensor[] = new Array(n);
    for (const t of order) {
      const xt = tf.squeeze(tf.slice(x, [0, t, 0], [B, 1, -1]), [1]);
      const z = tf.add(tf.add(tf.matMul(xt, tf.slice(Wx, [0, off], [-1, 4 * H])), tf.matMul(h, U)), tf.slice(v.bias!, [off], [4 * H]));
      const gate = (k: number) => tf.slice(z, [0, k * H], [-1, H]);
      c = tf.add(tf.mul(tf.sigmoid(gate(1)), c), tf.mul(tf.sigmoid(gate(0)), tf.tanh(gate(2))));
      h = tf.mul(tf.sigmoid(gate(3)), tf.tanh(c));
      out[t] = h;
    }
    return out;
  };
  const idx = [...Array(n).keys()];
  const f = dir(0, v['fwd/recurrentKernel']!, idx);
  const b = dir(4 * H, v['bwd/recurrentKernel']!, [...idx].reverse());
  return tf.stack(
    idx.map((t) => tf.concat([f[t]!, b[t]!], 1)),
    1,
  ) as tf.Tensor3D;
}

describe('bilstm encoder', () => {
  beforeAll(async () => useBackend('cpu'));

  it('equals a direct per-frame BiLSTM, with and without concatInput', () => {
    const enc = new BiLstmEncoder({ ...defaults, units: 3 }, 11);
    enc.build(4);
    const x = frames(1, [2, 5, 4]);
    const got = enc.apply(x, false);
    expect(got.shape).toEqual([2, 5, 6]);
    expect(enc.outputDim).toBe(6);
    const diff = tf.max(tf.abs(tf.sub(got, naive(enc, x)))).dataSync()[0]!;
    expect(diff).toBeLessThan(1e-6);

    const encC = new BiLstmEncoder({ ...defaults, units: 3, concatInput: true }, 11);
    encC.build(4);
    const gotC = encC.apply(x, false);
    expect(gotC.shape).toEqual([2, 5, 10]);
    expect(encC.outputDim).toBe(10);
    // same seed → same weights → the first 6 features agree; the last 4 are the raw frames
    expect(tf.max(tf.abs(tf.sub(tf.slice(gotC, [0, 0, 0], [-1, -1, 6]), got))).dataSync()[0]).toBe(0);
    expect(tf.max(tf.abs(tf.sub(tf.slice(gotC, [0, 0, 6], [-1, -1, 4]), x))).dataSync()[0]).toBe(0);
  });

  it('the backward direction sees the future: changing the last frame changes v_1 only through h←', () => {
    const enc = new BiLstmEncoder({ ...defaults, units: 2 }, 3);
    enc.build(3);
    const x = frames(2, [1, 4, 3]);
    const x2 = tf.concat([tf.slice(x, [0, 0, 0], [1, 3, 3]), tf.ones([1, 1, 3])], 1) as tf.Tensor3D;
    const a = enc.apply(x, false).arraySync()[0]![0]!;
    const b = enc.apply(x2, false).arraySync()[0]![0]!;
    expect(a.slice(0, 2)).toEqual(b.slice(0, 2));
    expect(Math.abs(a[2]! - b[2]!) + Math.abs(a[3]! - b[3]!)).toBeGreaterThan(1e-4);
  });

  it('passes a finite-difference gradient check', () => {
    const enc = new BiLstmEncoder({ ...defaults, units: 3 }, 5);
    enc.build(4);
    const x = frames(3, [2, 4, 4]);
    const w = frames(4, [2, 4, 6]);
    const res = gradCheck(() => tf.sum(tf.mul(enc.apply(x, false), w)) as tf.Scalar, enc.variables(), { eps: 1e-2, perVariable: 6 });
    expect(res.checked).toBe(24);
    expect(res.worst, res.where).toBeLessThan(2e-2);
  });

  it('is deterministic from the seed, leaks no tensors, and dropout masks follow its random state', () => {
    const a = new BiLstmEncoder({ ...defaults, units: 2, dropout: 0.5 }, 9);
    const b = new BiLstmEncoder({ ...defaults, units: 2, dropout: 0.5 }, 9);
    a.build(3);
    b.build(3);
    const x = frames(5, [2, 3, 3]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.variableGrads(() => tf.sum(a.apply(x, true)) as tf.Scalar, Object.values(a.variables()));
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    const s = a.getRandomState();
    const ya = a.apply(x, true).dataSync();
    b.setRandomState(s);
    const yb = b.apply(x, true).dataSync();
    expect(Array.from(ya)).toEqual(Array.from(yb));
    expect(Array.from(a.apply(x, false).dataSync())).not.toEqual(Array.from(ya));
  });

  it("parametersOf: a neuron owns its unit's four gate columns (input kernel, bias, its direction's recurrent kernel), and changing anything else leaves it unchanged", () => {
    const enc = new BiLstmEncoder({ ...defaults, units: 2 }, 3);
    enc.build(3);
    const m = enc.parametersOf([1, 2]);
    const cols = (mask: Float32Array, width: number) =>
      [...new Set(Array.from(mask, (x, i) => (x ? i % width : -1)).filter((c) => c >= 0))].sort((a, b) => a - b);
    // neuron 1 = forward unit 1: gate columns 1, 3, 5, 7; neuron 2 = backward unit 0: 8 + {0, 2, 4, 6}
    expect(cols(m.inputKernel!, 16)).toEqual([1, 3, 5, 7, 8, 10, 12, 14]);
    expect(m.inputKernel!.reduce((a, b) => a + b, 0)).toBe(3 * 8);
    expect(cols(m.bias!, 16)).toEqual([1, 3, 5, 7, 8, 10, 12, 14]);
    expect(cols(m['fwd/recurrentKernel']!, 8)).toEqual([1, 3, 5, 7]);
    expect(cols(m['bwd/recurrentKernel']!, 8)).toEqual([0, 2, 4, 6]);
    expect(() => enc.parametersOf([4])).toThrow(/neuron 4 is outside 0\.\.3/);
    // Perturb every parameter outside neuron 0's mask except the recurrent rows of unit 0's own
    // direction (which reach it through h): neuron 0 of the first frame must not change.
    const own = enc.parametersOf([0]);
    const x = frames(4, [2, 3, 3]);
    const before = tf.tidy(() => enc.apply(x, false).arraySync() as number[][][]);
    const vars = enc.variables();
    tf.tidy(() => {
      for (const [n, v] of Object.entries(vars)) {
        const keep = tf.tensor(own[n]!, v.shape);
        v.assign(tf.add(v, tf.mul(tf.sub(1, keep), 0.5)));
      }
    });
    const after = enc.apply(x, false).arraySync() as number[][][];
    // At frame 0 the forward unit has no history, so only its own columns matter.
    expect(after[0]![0]![0]).toBeCloseTo(before[0]![0]![0]!, 6);
    expect(after[1]![0]![0]).toBeCloseTo(before[1]![0]![0]!, 6);
    expect(Math.abs(after[0]![0]![1]! - before[0]![0]![1]!)).toBeGreaterThan(1e-3);
  });

  it('frameDifferences: the LSTM reads [x_i, x_i − x_{i−1}] (0 for the first frame) — the same as a plain encoder fed that by hand', () => {
    const x = tf.tensor3d([
      [
        [1, 2],
        [4, 3],
        [4, 5],
      ],
    ]);
    const d = withFrameDifferences(tf.transpose(x, [1, 0, 2]) as tf.Tensor3D);
    expect(d.arraySync()).toEqual([[[1, 2, 0, 0]], [[4, 3, 3, 1]], [[4, 5, 0, 2]]]);
    const withDiff = new BiLstmEncoder({ ...defaults, units: 3, frameDifferences: true }, 5);
    withDiff.build(2);
    expect(withDiff.variables().inputKernel!.shape).toEqual([4, 24]);
    expect(withDiff.outputDim).toBe(6);
    expect(withDiff.parametersOf([0]).inputKernel!.length).toBe(4 * 24);
    const plain = new BiLstmEncoder({ ...defaults, units: 3 }, 5);
    plain.build(4);
    for (const [k, v] of Object.entries(withDiff.variables())) plain.variables()[k]!.assign(v);
    const byHand = tf.transpose(d, [1, 0, 2]) as tf.Tensor3D;
    const a = withDiff.apply(x, false).arraySync();
    const b = plain.apply(byHand, false).arraySync();
    expect(a).toEqual(b);
    // One frame: its difference is 0.
    expect(withFrameDifferences(tf.tensor3d([[[2, 7]]])).arraySync()).toEqual([[[2, 7, 0, 0]]]);
    tf.dispose([x, d, byHand]);
  });

  it('frameDifferenceLag: x_i − x_{i−lag}, the first lag frames against frame 0 (by hand, 5 frames)', () => {
    // time-major [5, 1, 1]: frames 1, 2, 4, 8, 16
    const x = tf.tensor3d([1, 2, 4, 8, 16], [5, 1, 1]);
    const diffs = (lag: number) => (withFrameDifferences(x, lag).arraySync() as number[][][]).map((f) => f[0]![1]);
    expect(diffs(1)).toEqual([0, 1, 2, 4, 8]);
    // lag 2: 1−1, 2−1, 4−1, 8−2, 16−4
    expect(diffs(2)).toEqual([0, 1, 3, 6, 12]);
    // a lag past the clip compares every frame with frame 0
    expect(diffs(9)).toEqual([0, 1, 3, 7, 15]);
    expect(() => withFrameDifferences(x, 0)).toThrow(/frameDifferenceLag must be an integer ≥ 1, got 0/);
    // the encoder passes its option through
    const enc = new BiLstmEncoder({ ...defaults, units: 2, frameDifferences: true, frameDifferenceLag: 2 }, 3);
    enc.build(1);
    const plain = new BiLstmEncoder({ ...defaults, units: 2 }, 3);
    plain.build(2);
    for (const [k, v] of Object.entries(enc.variables())) plain.variables()[k]!.assign(v);
    const batchMajor = tf.transpose(x, [1, 0, 2]) as tf.Tensor3D;
    const byHand = tf.transpose(withFrameDifferences(x, 2), [1, 0, 2]) as tf.Tensor3D;
    expect(enc.apply(batchMajor, false).arraySync()).toEqual(plain.apply(byHand, false).arraySync());
    tf.dispose([x, batchMajor, byHand]);
  });
});
