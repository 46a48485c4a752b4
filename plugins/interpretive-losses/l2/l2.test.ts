import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { L2InterpretiveLoss } from './l2.js';
import { defaults } from './schema.js';
import { NoInterpretiveLoss } from '../none/plugin.js';
import { gradCheck, useBackend } from '../../../core/tensor/testing/use-backend.js';
import { Rng } from '../../../core/tensor/rng.js';

describe('l2 interpretive loss', () => {
  beforeAll(async () => useBackend('cpu'));

  it('hand-computed: f = relu(x·I)·I, L = mean over videos of Σ_topics (f(v̄) − s)²', () => {
    const loss = new L2InterpretiveLoss({ ...defaults, hidden: 2, activation: 'relu', output: 'linear' }, 1);
    loss.build(2, 2);
    const v = loss.variables();
    v['f/w1']!.assign(tf.eye(2));
    v['f/w2']!.assign(tf.eye(2));
    // video 1 frames (1,−2), (3, 0) → v̄ = (2, −1) → f = (2, 0); s = (1, 1) → 1 + 1 = 2
    // video 2 frames (0, 4), (0, 2) → v̄ = (0, 3) → f = (0, 3); s = (0, 1) → 0 + 4 = 4
    const enc = tf.tensor3d([
      [
        [1, -2],
        [3, 0],
      ],
      [
        [0, 4],
        [0, 2],
      ],
    ]);
    const s = tf.tensor2d([
      [1, 1],
      [0, 1],
    ]);
    expect(loss.loss(enc, s, false).dataSync()[0]).toBeCloseTo((2 + 4) / 2, 6);
    expect(loss.lambda).toBe(0.1);
    const r = loss.readout();
    expect(r.inputDim).toBe(2);
    expect(r.outputDim).toBe(2);
    expect(r.mlp!.activation).toBe('relu');
    expect(Array.from(r.apply(tf.tensor2d([[2, -1]])).dataSync())).toEqual([2, 0]);
    expect(r.mlp!.w1).toBe(v['f/w1']);
  });

  it('sigmoid output keeps f in (0, 1); finite-difference gradient check for weights and encodings', () => {
    const loss = new L2InterpretiveLoss({ ...defaults, hidden: 3, activation: 'tanh' }, 2);
    loss.build(4, 3);
    const rng = new Rng(3);
    const enc = tf.variable(
      tf.tensor3d(
        Array.from({ length: 2 * 3 * 4 }, () => rng.normal()),
        [2, 3, 4],
      ),
    );
    const s = tf.tensor2d([
      [1, 0, 1],
      [0, 0, 1],
    ]);
    const f = loss
      .readout()
      .apply(tf.mean(enc, 1) as tf.Tensor2D)
      .dataSync();
    for (const x of f) expect(x > 0 && x < 1).toBe(true);
    const res = gradCheck(
      () => loss.loss(enc as tf.Tensor3D, s, false),
      { ...loss.variables(), encoded: enc },
      { eps: 1e-2, perVariable: 4 },
    );
    expect(res.worst, res.where).toBeLessThan(2e-2);
  });

  it('`none` has λ = 0, no variables, a zero loss and no readout', () => {
    const none = new NoInterpretiveLoss();
    none.build();
    expect(none.lambda).toBe(0);
    expect(Object.keys(none.variables())).toEqual([]);
    expect(none.loss().dataSync()[0]).toBe(0);
    expect(none.readout()).toBeNull();
  });
});
