import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { MlpClassifier } from './classifier.js';
import { defaults } from './schema.js';
import { gradCheck, useBackend } from '../../../core/tensor/testing/use-backend.js';
import { Rng } from '../../../core/tensor/rng.js';

const labels = (xs: number[]) => ({ kind: 'label' as const, labels: tf.tensor1d(xs, 'int32') });

describe('mlp-classifier decoder', () => {
  beforeAll(async () => useBackend('cpu'));

  it('hand-computed: logits = relu(v̄·I)·I, loss = mean over videos of −log softmax(logits)[label]', async () => {
    const c = new MlpClassifier({ ...defaults, hidden: 2, dropout: 0 }, 1);
    c.build(2, { numClasses: 2 });
    const v = c.variables();
    v.w1!.assign(tf.eye(2));
    v.w2!.assign(tf.eye(2));
    // video 1 frames (1,−2),(3,0) → v̄ = (2,−1) → relu (2, 0) → logits (2, 0); label 0: −log(e²/(e²+1)) = log(1+e^−2)
    // video 2 frames (0,4),(0,2) → v̄ = (0, 3) → logits (0, 3); label 0: −log(1/(1+e³)) = log(1+e³)
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
    const expected = (Math.log(1 + Math.exp(-2)) + Math.log(1 + Math.exp(3))) / 2;
    expect(c.loss(enc, labels([0, 0]), false).dataSync()[0]).toBeCloseTo(expected, 5);
    const out = await c.decode(enc);
    expect(out.kind).toBe('label');
    if (out.kind !== 'label') return;
    expect(out.probabilities[0]![0]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 1), 5);
    expect(out.probabilities[1]![1]).toBeCloseTo(Math.exp(3) / (Math.exp(3) + 1), 5);
    expect(c.task).toBe('classification');
  });

  it('finite-difference gradient check for the weights and the encodings', () => {
    const c = new MlpClassifier({ ...defaults, hidden: 5, activation: 'tanh', dropout: 0 }, 3);
    c.build(4, { numClasses: 3 });
    const rng = new Rng(5);
    const enc = tf.variable(
      tf.tensor3d(
        Array.from({ length: 3 * 2 * 4 }, () => rng.normal()),
        [3, 2, 4],
      ),
    );
    const t = labels([2, 0, 1]);
    const res = gradCheck(
      () => c.loss(enc as unknown as tf.Tensor3D, t, false),
      { ...c.variables(), encoded: enc },
      { eps: 1e-2, perVariable: 4 },
    );
    expect(res.worst, res.where).toBeLessThan(2e-2);
  });

  it('same seed → same weights; probabilities sum to 1; dropout only while training; no tensor leaks', async () => {
    const a = new MlpClassifier({ ...defaults, hidden: 8 }, 42);
    const b = new MlpClassifier({ ...defaults, hidden: 8 }, 42);
    a.build(6, { numClasses: 11 });
    b.build(6, { numClasses: 11 });
    expect(Array.from(a.variables().w1!.dataSync())).toEqual(Array.from(b.variables().w1!.dataSync()));
    const enc = tf.randomNormal([4, 3, 6], 0, 1, 'float32', 9) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const out = await a.decode(enc);
    if (out.kind !== 'label') throw new Error('label output expected');
    for (const p of out.probabilities) expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    const l1 = a.loss(enc, labels([0, 1, 2, 3]), false);
    const l2 = a.loss(enc, labels([0, 1, 2, 3]), false);
    const lt = a.loss(enc, labels([0, 1, 2, 3]), true);
    expect(l1.dataSync()[0]).toBe(l2.dataSync()[0]);
    expect(lt.dataSync()[0]).not.toBe(l1.dataSync()[0]);
    tf.dispose([l1, l2, lt]);
    expect(tf.memory().numTensors).toBe(before + 3); // only the 3 label tensors made by labels()
  });

  it('rejects caption targets and a missing class count with a message saying what to do', () => {
    const c = new MlpClassifier(defaults, 1);
    expect(() => c.build(4, { vocabularySize: 10 })).toThrow(/numClasses/);
    c.build(4, { numClasses: 3 });
    const enc = tf.zeros([1, 2, 4]) as tf.Tensor3D;
    expect(() =>
      c.loss(enc, { kind: 'caption', tokens: tf.zeros([1, 2], 'int32') as tf.Tensor2D, mask: tf.zeros([1, 2]) as tf.Tensor2D }, false),
    ).toThrow(/caption decoder/);
    expect(() => c.loss(tf.zeros([1, 2, 5]) as tf.Tensor3D, labels([0]), false)).toThrow(/\[batch, n, 4\]/);
  });
});
