import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { AlignedInterpretiveLoss } from './aligned.js';
import { defaults } from './schema.js';
import { gradCheck, useBackend } from '../../../core/tensor/testing/use-backend.js';
import { Rng } from '../../../core/tensor/rng.js';
import { pdmPlugin } from '../../attributors/pdm/plugin.js';

const make = (o: Partial<typeof defaults>, d: number, k: number) => {
  const loss = new AlignedInterpretiveLoss({ ...defaults, ...o }, 1);
  loss.build(d, k);
  return loss;
};

describe('aligned interpretive loss', () => {
  beforeAll(async () => useBackend('cpu'));

  it('hand-computed: topic i reads neuron i; L = mean over videos of Σ_topics (v̄_i − s_i)²', () => {
    const loss = make({}, 3, 2);
    // video 1: v̄ = (0.5, −0.5, 9) → f = (0.5, −0.5); s = (1, 0) → 0.25 + 0.25 = 0.5
    // video 2: v̄ = (1, 0, −9)    → f = (1, 0);     s = (1, 1) → 0 + 1 = 1
    const enc = tf.tensor3d([
      [
        [0, -1, 9],
        [1, 0, 9],
      ],
      [
        [1, 0, -9],
        [1, 0, -9],
      ],
    ]);
    const s = tf.tensor2d([
      [1, 0],
      [1, 1],
    ]);
    expect(loss.loss(enc, s, false).dataSync()[0]).toBeCloseTo((0.5 + 1) / 2, 6);
    expect(loss.lambda).toBe(1);
    expect(Object.keys(loss.variables())).toEqual([]);
    expect(loss.topicNeurons()).toEqual([[0], [1]]);
  });

  it('m neurons per topic at stride ⌊D/m⌋, scale, and frames = mean + the variance over frames', () => {
    const loss = make({ neuronsPerTopic: 2, scale: 2 }, 5, 2);
    expect(loss.topicNeurons()).toEqual([
      [0, 2],
      [1, 3],
    ]);
    // f_0 = 2 · (x0 + x2)/2, f_1 = 2 · (x1 + x3)/2
    const y = loss
      .readout()
      .apply(tf.tensor2d([[0.1, 0.2, 0.3, 0.4, 7]]))
      .dataSync();
    expect(y[0]).toBeCloseTo(0.4, 6);
    expect(y[1]).toBeCloseTo(0.6, 6);
    const frames = make({ on: 'frames' }, 2, 2);
    const mean = make({ on: 'mean' }, 2, 2);
    // one video, frames (0, 1) and (1, 1): v̄ = (0.5, 1); s = (1, 1)
    // mean: (0.5 − 1)² + 0 = 0.25; frames adds the variance of neuron 0 over frames, 0.25 → 0.5
    const enc = tf.tensor3d([
      [
        [0, 1],
        [1, 1],
      ],
    ]);
    const s = tf.tensor2d([[1, 1]]);
    expect(mean.loss(enc, s, false).dataSync()[0]).toBeCloseTo(0.25, 6);
    expect(frames.loss(enc, s, false).dataSync()[0]).toBeCloseTo(0.5, 6);
  });

  it("align 'each' holds every neuron of a topic to s_i; 'mean' only their mean", () => {
    // D = 4, K = 2, m = 2: J(0) = {0, 2}, J(1) = {1, 3}; v̄ = (1, 0, 0, 0), s = (1, 0)
    const enc = tf.tensor3d([[[1, 0, 0, 0]]]);
    const s = tf.tensor2d([[1, 0]]);
    // mean: f_0 = 0.5 → (0.5 − 1)² = 0.25; each: ((1 − 1)² + (0 − 1)²) / 2 = 0.5
    expect(make({ neuronsPerTopic: 2, align: 'mean' }, 4, 2).loss(enc, s, false).dataSync()[0]).toBeCloseTo(0.25, 6);
    expect(make({ neuronsPerTopic: 2, align: 'each' }, 4, 2).loss(enc, s, false).dataSync()[0]).toBeCloseTo(0.5, 6);
    expect(
      Array.from(
        make({ neuronsPerTopic: 2, align: 'each' }, 4, 2)
          .readout()
          .apply(tf.tensor2d([[1, 0, 0, 0]]))
          .dataSync(),
      ),
    ).toEqual([0.5, 0]);
  });

  it('finite-difference gradient check of the encodings (both modes)', () => {
    const rng = new Rng(3);
    const enc = tf.variable(
      tf.tensor3d(
        Array.from({ length: 2 * 3 * 6 }, () => rng.normal()),
        [2, 3, 6],
      ),
    );
    const s = tf.tensor2d([
      [1, 0, 1],
      [0, 0, 1],
    ]);
    for (const [on, align] of [
      ['mean', 'mean'],
      ['frames', 'each'],
      ['mean', 'each'],
    ] as const) {
      const loss = make({ neuronsPerTopic: 2, on, align }, 6, 3);
      const res = gradCheck(() => loss.loss(enc as tf.Tensor3D, s, false), { encoded: enc }, { eps: 1e-2, perVariable: 12 });
      expect(res.worst, `${on}: ${res.where}`).toBeLessThan(1e-2);
    }
  });

  it("PDM through this f chooses each topic's own neuron for every video that has it", async () => {
    const d = 8;
    const k = 3;
    const loss = make({ neuronsPerTopic: 2 }, d, k);
    const rng = new Rng(5);
    const n = 20;
    const topicVectors = new Uint8Array(n * k);
    const features = new Float32Array(n * d);
    for (let v = 0; v < n; v++) {
      for (let j = 0; j < d; j++) features[v * d + j] = rng.normal() * 0.3;
      for (let i = 0; i < k; i++) {
        topicVectors[v * k + i] = rng.next() < 0.5 ? 1 : 0;
        if (topicVectors[v * k + i]) for (const j of loss.topicNeurons()[i]!) features[v * d + j] = 0.8 + 0.1 * rng.next();
      }
    }
    const pdm = await pdmPlugin.create({ ...pdmPlugin.defaults } as never, { tf, seed: 1 } as never);
    const result = await pdm.attribute({
      features,
      numVideos: n,
      numNeurons: d,
      topicVectors,
      numTopics: k,
      topicNames: ['a', 'b', 'c'],
      videoIds: Array.from({ length: n }, (_, v) => `v${v}`),
      readout: loss.readout(),
    });
    for (let v = 0; v < n; v++) {
      for (let i = 0; i < k; i++) {
        const j = result.chosen[v * k + i]!;
        if (topicVectors[v * k + i]) expect(loss.topicNeurons()[i]).toContain(j);
        else expect(j).toBe(-1);
      }
    }
  });

  it('interventions: the decoder reads s_i/scale on every frame of J(i) for the picked pairs, the encoding elsewhere', () => {
    const off = make({ neuronsPerTopic: 2 }, 5, 2);
    const enc = tf.tensor3d([
      [
        [0.1, 0.2, 0.3, 0.4, 0.5],
        [0.6, 0.7, 0.8, 0.9, 1.0],
      ],
    ]);
    const s = tf.tensor2d([[1, 0]]);
    expect(off.decoderInput(enc, s)).toBe(enc);
    // p = 1: every pair; J(0) = {0, 2} ← s_0/scale = 0.5, J(1) = {1, 3} ← 0, neuron 4 untouched.
    const all = make({ neuronsPerTopic: 2, scale: 2, intervention: 1 }, 5, 2);
    const out = all.decoderInput(enc, s).arraySync() as number[][][];
    expect(out[0]![0]!.map((x) => +x.toFixed(6))).toEqual([0.5, 0, 0.5, 0, 0.5]);
    expect(out[0]![1]!.map((x) => +x.toFixed(6))).toEqual([0.5, 0, 0.5, 0, 1]);
    // p = 0.3 over many pairs: about 30 % of them are set, and the draw is seeded.
    const some = make({ intervention: 0.3 }, 4, 4);
    const big = tf.fill([500, 1, 4], 0.25) as tf.Tensor3D;
    const set = (some.decoderInput(big, tf.ones([500, 4]) as tf.Tensor2D).dataSync() as Float32Array).filter((x) => x === 1).length;
    expect(set / 2000).toBeGreaterThan(0.27);
    expect(set / 2000).toBeLessThan(0.33);
    const again = make({ intervention: 0.3 }, 4, 4);
    expect(Array.from(again.decoderInput(big, tf.ones([500, 4]) as tf.Tensor2D).dataSync()).filter((x) => x === 1).length).toBe(set);
    // The gradient reaches the encoding only where it was not replaced.
    const v = tf.variable(enc);
    const g = tf
      .grad((x: tf.Tensor) => tf.sum(all.decoderInput(x as tf.Tensor3D, s)))(v)
      .arraySync() as number[][][];
    expect(g[0]![0]).toEqual([0, 0, 0, 0, 1]);
  });

  it("interventionTarget 'caption': the picked neurons read 1/scale where the pair's caption carries the topic, 0 where it does not", () => {
    // D = 4, K = 2, m = 2: J(0) = {0, 2}, J(1) = {1, 3}. The video has topic 0 only (s = (1, 0));
    // its caption carries topic 1 and not topic 0, and the caption wins: J(0) ← 0, J(1) ← 1/2.
    const enc = tf.tensor3d([[[0.1, 0.2, 0.3, 0.4]]]);
    const s = tf.tensor2d([[1, 0]]);
    const carried = tf.tensor2d([[0, 1]]);
    const byCaption = make({ neuronsPerTopic: 2, scale: 2, intervention: 1, interventionTarget: 'caption' }, 4, 2);
    expect(Array.from(byCaption.decoderInput(enc, s, carried).dataSync()).map((x) => +x.toFixed(6))).toEqual([0, 0.5, 0, 0.5]);
    const byVideo = make({ neuronsPerTopic: 2, scale: 2, intervention: 1 }, 4, 2);
    expect(Array.from(byVideo.decoderInput(enc, s, carried).dataSync()).map((x) => +x.toFixed(6))).toEqual([0.5, 0, 0.5, 0]);
    expect(() => byCaption.decoderInput(enc, s)).toThrow(
      /interventionTarget "caption" needs the topics each training caption carries.*Set interventionTarget to "video"/,
    );
  });

  it('refuses an encoder too narrow for m · K neurons, naming the options to change', () => {
    const loss = new AlignedInterpretiveLoss({ ...defaults, neuronsPerTopic: 3 }, 1);
    expect(() => loss.build(8, 3)).toThrow(
      /3 topics × 3 neurons per topic need 9 encoder neurons, but the encoder gives 8.*neuronsPerTopic/,
    );
    expect(() => make({}, 4, 2).loss(tf.zeros([1, 2, 5]) as tf.Tensor3D, tf.zeros([1, 2]) as tf.Tensor2D, false)).toThrow(
      /expects encodings \[batch, n, 4\]/,
    );
  });
});
