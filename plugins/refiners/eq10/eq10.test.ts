import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { RefineRequest } from '../../../core/contracts/refiner.js';
import { TopiclensError } from '../../../core/errors.js';
import { gradCheck, useBackend } from '../../../core/tensor/testing/use-backend.js';
import { TinyEncoder, testFrames } from '../../../test/support/refiners/tiny-encoder.js';
import { enhancementDelta } from './enhance.js';
import { anchorDistance, anchorsForStep, eq10Loss, parameterDrift, snapshot, targetDistance } from './objective.js';
import { encodeInChunks, Eq10Refiner } from './refine.js';
import { eq10Defaults, type Eq10Options } from './schema.js';

const F = 6;
const D = 5;
const N = 4;

const request = (over: Partial<RefineRequest> = {}): RefineRequest => ({
  frames: testFrames(N, F, 11),
  numFrames: N,
  frameDim: F,
  videoId: 'vid1',
  topic: 2,
  topicName: 'dog',
  neurons: [1, 3],
  meanActivation: Float32Array.from([0.4, 0.3]),
  ...over,
});

const encoder = (seed = 5) => {
  const e = new TinyEncoder(D, seed);
  e.build(F);
  return e;
};

const weights = (e: TinyEncoder): Record<string, Float32Array> =>
  Object.fromEntries(Object.entries(e.variables()).map(([n, v]) => [n, v.dataSync().slice() as Float32Array]));

const refine = (opts: Partial<Eq10Options>, e = encoder()) => new Eq10Refiner({ ...eq10Defaults, ...opts }).refine(e, request());

/** `count` training anchor videos of N frames (frames seeded 23), ids a0, a1, … */
const trainingAnchors = (count: number) => ({
  frames: testFrames(count * N, F, 23),
  numVideos: count,
  numFrames: N,
  videoIds: Array.from({ length: count }, (_, i) => `a${i}`),
  kind: 'training' as const,
});

describe('eq10 refiner', () => {
  beforeAll(async () => useBackend('cpu'));

  it('activation enhancement: δ holds the mean activation on the tied neurons only (hand-computed)', () => {
    expect(Array.from(enhancementDelta(request(), D))).toEqual([0, Math.fround(0.4), 0, Math.fround(0.3), 0]);
    // v* − v = δ on every frame, so the initial distance is n·‖δ‖² = 4·(0.16 + 0.09) = 1.0
  });

  it('the distance before refinement is n·‖δ‖² and correction propagation reduces ‖v′ − v*‖²', async () => {
    const r = await refine({ mu: 0.01, steps: 60, learningRate: 0.02, gain: 1 });
    expect(r.steps).toBe(60);
    expect(r.targetDistanceBefore).toBeCloseTo(N * (0.16 + 0.09), 5);
    // gain κ scales δ, so the initial distance by κ²: 4 · 0.25 · 2² = 4.
    expect((await refine({ steps: 1, learningRate: 1e-6, gain: 2 })).targetDistanceBefore).toBeCloseTo(4, 4);
    expect(r.targetDistanceAfter).toBeLessThan(0.5 * r.targetDistanceBefore);
    expect(r.parameterDrift).toBeGreaterThan(0);
  });

  it("reports the topic's neurons before and after (mean over frames) against their training mean", async () => {
    const e = encoder();
    const v = tf.tidy(() => e.apply(tf.tensor3d(request().frames, [1, N, F])).arraySync() as number[][][]);
    const before = v[0]!.reduce((a, row) => a + row[1]! + row[3]!, 0) / (2 * N);
    const r = await new Eq10Refiner({ ...eq10Defaults, mu: 0.01, steps: 60, learningRate: 0.02, gain: 1 }).refine(
      e,
      request({ neurons: [1, 3, 1], meanActivation: Float32Array.from([0.4, 0.3, 0.4]) }),
    );
    expect(r.topicNeurons!.before).toBeCloseTo(before, 5);
    expect(r.topicNeurons!.topicMean).toBeCloseTo(0.35, 6);
    // δ > 0 on both neurons: the correction raises them
    expect(r.topicNeurons!.after).toBeGreaterThan(r.topicNeurons!.before + 0.1);
  });

  it('every optimizer reduces the distance', async () => {
    for (const optimizer of ['adam', 'sgd', 'adadelta'] as const) {
      const lr = optimizer === 'adam' ? 0.02 : optimizer === 'sgd' ? 0.05 : 1;
      const r = await refine({ optimizer, steps: 40, learningRate: lr, mu: 0.01 });
      expect(r.targetDistanceAfter, optimizer).toBeLessThan(r.targetDistanceBefore);
    }
  });

  it('μ is honoured: a larger μ keeps θ′ closer to θ (monotone) and fits v* less', async () => {
    const mus = [0, 0.3, 3, 30];
    const reports = [];
    for (const mu of mus) reports.push(await refine({ mu, optimizer: 'sgd', steps: 80, learningRate: 0.02 }));
    for (let k = 1; k < mus.length; k++) {
      expect(reports[k]!.parameterDrift, `mu ${mus[k]}`).toBeLessThan(reports[k - 1]!.parameterDrift);
      expect(reports[k]!.targetDistanceAfter, `mu ${mus[k]}`).toBeGreaterThan(reports[k - 1]!.targetDistanceAfter);
    }
    // A large μ leaves the weights almost untouched.
    expect(reports[3]!.parameterDrift).toBeLessThan(0.05 * reports[0]!.parameterDrift);
  });

  it('the reported drift equals ‖θ′ − θ‖² computed on the host', async () => {
    const e = encoder();
    const before = weights(e);
    const r = await new Eq10Refiner({ ...eq10Defaults, steps: 10, learningRate: 0.05 }).refine(e, request());
    const after = weights(e);
    let drift = 0;
    for (const n of Object.keys(before)) {
      before[n]!.forEach((x, i) => {
        drift += (after[n]![i]! - x) ** 2;
      });
    }
    expect(r.parameterDrift).toBeCloseTo(drift, 6);
  });

  it('the gradient of Eq. 10 (both terms, and the μ term alone = 2μ(θ′ − θ)) matches finite differences', () => {
    const e = encoder();
    const vars = e.variables();
    const theta0 = snapshot(vars);
    // Move away from θ so that the μ term has a non-zero gradient.
    tf.tidy(() => {
      for (const v of Object.values(vars)) v.assign(tf.add(v, tf.mul(tf.randomNormal(v.shape, 0, 1, 'float32', 3), 0.2)));
    });
    const x = tf.tensor3d(request().frames, [1, N, F]);
    const target = tf.tidy(() => tf.add(e.apply(x), 0.3) as tf.Tensor3D);
    const mu = 0.7;
    const full = gradCheck(() => eq10Loss(e, x, target, theta0, mu), vars, { eps: 1e-2, perVariable: 6 });
    expect(full.worst, full.where).toBeLessThan(2e-2);
    const muOnly = gradCheck(() => tf.mul(parameterDrift(vars, theta0), mu) as tf.Scalar, vars, { eps: 1e-2, perVariable: 6 });
    expect(muOnly.worst, muOnly.where).toBeLessThan(1e-3);
    // Exact closed form: ∇θ μ‖θ − θ0‖² = 2μ(θ − θ0).
    const { grads } = tf.variableGrads(() => tf.mul(parameterDrift(vars, theta0), mu) as tf.Scalar, Object.values(vars));
    for (const [n, v] of Object.entries(vars)) {
      const g = grads[v.name]!.dataSync();
      const expected = tf.tidy(() => tf.mul(tf.sub(v, theta0[n]!), 2 * mu).dataSync());
      g.forEach((gi, i) => {
        expect(gi).toBeCloseTo(expected[i]!, 5);
      });
    }
    for (const g of Object.values(grads)) g.dispose();
    const d = tf.tidy(() => targetDistance(e, x, target).dataSync()[0]!);
    expect(d).toBeGreaterThan(0);
    for (const t of [x, target, ...Object.values(theta0)]) t.dispose();
    e.dispose();
  });

  it('anchor videos: the anchored correction moves their encodings far less, the objective adds ν · mean_a ‖v′(a) − v(a)‖²', async () => {
    const A = 6;
    const anchors = [trainingAnchors(A)];
    const opts = { mu: 0.01, steps: 60, learningRate: 0.02, gain: 1 };
    const e0 = encoder();
    const x = tf.tensor3d(anchors[0]!.frames, [A, N, F]);
    const v0 = tf.tidy(() => e0.apply(x));
    const free = encoder();
    const rFree = await new Eq10Refiner({ ...eq10Defaults, ...opts }).refine(free, request({ anchors }));
    const anchored = encoder();
    const rAnchored = await new Eq10Refiner({ ...eq10Defaults, ...opts, anchorVideos: A, anchorWeight: 5 }).refine(
      anchored,
      request({ anchors }),
    );
    const moved = (e: TinyEncoder) => tf.tidy(() => tf.div(tf.sum(tf.squaredDifference(e.apply(x), v0)), A).dataSync()[0]!);
    // Without anchorVideos the refiner ignores the request's anchors (Eq. 10 as published).
    expect(rFree.anchors).toBeUndefined();
    expect(rAnchored.anchors).toBe(A);
    expect(rAnchored.anchorDrift).toBeCloseTo(moved(anchored), 5);
    expect(moved(anchored)).toBeLessThan(0.25 * moved(free));
    expect(rAnchored.targetDistanceAfter).toBeLessThan(0.8 * rAnchored.targetDistanceBefore);
    // The objective's anchor term, hand-assembled: at θ it is 0; with the encodings shifted by 0.5 on every value, N·D·0.25.
    const target = tf.tidy(() => tf.add(v0, 0.5) as tf.Tensor3D);
    expect(tf.tidy(() => anchorDistance(e0, { groups: [{ frames: x, target, kind: 'training' }], weight: 1 }).dataSync()[0]!)).toBeCloseTo(
      N * D * 0.25,
      4,
    );
    const clip = tf.tensor3d(request().frames, [1, N, F]);
    const clipTarget = tf.tidy(() => e0.apply(clip));
    const theta0 = snapshot(e0.variables());
    expect(
      tf.tidy(
        () => eq10Loss(e0, clip, clipTarget, theta0, 0.01, { groups: [{ frames: x, target, kind: 'training' }], weight: 2 }).dataSync()[0]!,
      ),
    ).toBeCloseTo(2 * N * D * 0.25, 4);
    tf.dispose([x, v0, target, clip, clipTarget, ...Object.values(theta0)]);
    for (const e of [e0, free, anchored]) e.dispose();
  });

  it('anchorBatch: each step holds a seeded sample of the training anchors (earlier clips whole); a batch as large as the set is the whole set', async () => {
    const A = 8;
    const anchors = [trainingAnchors(A)];
    const x = tf.tensor3d(anchors[0]!.frames, [A, N, F]);
    const v = tf.tidy(() => tf.add(x.slice([0, 0, 0], [-1, -1, D]), 0) as tf.Tensor3D);
    const earlier = tf.tensor3d(testFrames(2 * N, F, 29), [2, N, F]);
    const set = {
      weight: 1,
      groups: [
        { frames: x, target: v, kind: 'training' as const },
        { frames: earlier, target: v.slice([0, 0, 0], [2, -1, -1]) as tf.Tensor3D, kind: 'earlier' as const },
      ],
    };
    const step = tf.tidy(() => {
      const s = anchorsForStep(set, 3, () => [6, 1, 4]);
      // rows 6, 1, 4 of the training group, in that order; the earlier group untouched
      return [
        s.groups[0]!.frames.shape[0],
        s.groups[0]!.target.slice([1, 0, 0], [1, -1, -1]).dataSync()[0]!,
        s.groups[1]!.frames === earlier ? 1 : 0,
      ];
    });
    expect(step).toEqual([3, v.slice([1, 0, 0], [1, -1, -1]).dataSync()[0]!, 1]);
    expect(anchorsForStep(set, 0, () => [0]).groups[0]!.frames).toBe(x);
    expect(anchorsForStep(set, 8, () => [0]).groups[0]!.frames).toBe(x);
    const opts = { mu: 0.01, steps: 30, learningRate: 0.02, gain: 1, anchorVideos: A, anchorWeight: 5 };
    const run = async (batch: number) => {
      const e = encoder();
      const r = await new Eq10Refiner({ ...eq10Defaults, ...opts, anchorBatch: batch }).refine(e, request({ anchors }));
      const w = weights(e);
      e.dispose();
      return { r, w };
    };
    const whole = await run(0);
    expect((await run(A)).w).toEqual(whole.w);
    const sampled = await run(3);
    expect((await run(3)).w).toEqual(sampled.w); // seeded by the video and topic
    expect(sampled.w).not.toEqual(whole.w);
    // a third of the anchors per step still holds them: far below the unanchored drift
    const free = encoder();
    await new Eq10Refiner({ ...eq10Defaults, ...opts, anchorVideos: 0 }).refine(free, request({ anchors }));
    const freeDrift = tf.tidy(() => tf.div(tf.sum(tf.squaredDifference(free.apply(x), encoder().apply(x))), A).dataSync()[0]!);
    expect(sampled.r.anchorDrift!).toBeLessThan(0.5 * freeDrift);
    tf.dispose([x, v, earlier]);
    free.dispose();
  });

  it("tune 'topic-units': only the parameters that make the topic's neurons change, and the distance still falls", async () => {
    const e = encoder();
    const w0 = weights(e);
    const r = await new Eq10Refiner({ ...eq10Defaults, mu: 0.01, steps: 60, learningRate: 0.02, gain: 1, tune: 'topic-units' }).refine(
      e,
      request(),
    );
    const w1 = weights(e);
    const mask = e.parametersOf([1, 3]);
    let inside = 0;
    for (const n of Object.keys(w0)) {
      w0[n]!.forEach((x, i) => {
        if (mask[n]![i]) inside += Math.abs(w1[n]![i]! - x);
        else expect(w1[n]![i], `${n}[${i}]`).toBe(x);
      });
    }
    expect(inside).toBeGreaterThan(1e-2);
    expect(r.targetDistanceAfter).toBeLessThan(0.5 * r.targetDistanceBefore);
    const bare = { outputDim: D, build() {}, variables: () => e.variables(), apply: (x: tf.Tensor3D) => e.apply(x) };
    await expect(new Eq10Refiner({ ...eq10Defaults, tune: 'topic-units' }).refine(bare, request())).rejects.toThrow(
      /needs an encoder that names the parameters.*tune to "encoder"/,
    );
  });

  it('leaves no tensors behind (every optimizer) and keeps the variables', async () => {
    const e = encoder();
    const base = tf.memory().numTensors;
    for (const optimizer of ['adam', 'sgd', 'adadelta'] as const) {
      await new Eq10Refiner({
        ...eq10Defaults,
        optimizer,
        steps: 5,
        learningRate: 0.01,
        tune: optimizer === 'adam' ? 'topic-units' : 'encoder',
      }).refine(e, request());
      expect(tf.memory().numTensors, optimizer).toBe(base);
    }
    const anchors = [
      { frames: testFrames(5 * N, F, 31), numVideos: 5, numFrames: N, videoIds: ['a', 'b', 'c', 'd', 'e'], kind: 'training' as const },
    ];
    await new Eq10Refiner({ ...eq10Defaults, steps: 3, anchorVideos: 5, anchorBatch: 2 }).refine(e, request({ anchors }));
    expect(tf.memory().numTensors, 'anchorBatch').toBe(base);
    // anchor targets encoded in chunks (5 clips, 2 at a time) equal one batch, and leave only the result
    const x = tf.tensor3d(anchors[0]!.frames, [5, N, F]);
    const whole = tf.tidy(() => e.apply(x));
    const chunked = encodeInChunks(e, x, 2);
    expect(tf.memory().numTensors).toBe(base + 3);
    expect(Array.from(chunked.dataSync())).toEqual(Array.from(whole.dataSync()));
    tf.dispose([x, whole, chunked]);
    expect(Object.values(e.variables()).every((v) => !v.isDisposed)).toBe(true);
  });

  it('rejects bad requests with messages that say what and where, without touching θ', async () => {
    const e = encoder();
    const w0 = weights(e);
    const r = new Eq10Refiner(eq10Defaults);
    await expect(r.refine(e, request({ neurons: [] }))).rejects.toThrow(/no neurons are tied to the topic/);
    await expect(r.refine(e, request({ neurons: [9], meanActivation: Float32Array.from([1]) }))).rejects.toThrow(
      /neuron 9 is outside 0\.\.4/,
    );
    await expect(r.refine(e, request({ meanActivation: Float32Array.from([1]) }))).rejects.toThrow(/2 neurons but 1 mean/);
    await expect(r.refine(e, request({ numFrames: 3 }))).rejects.toThrow(TopiclensError);
    expect(weights(e)).toEqual(w0);
  });

  it('a diverging optimizer restores θ and reports the step', async () => {
    const e = encoder();
    const w0 = weights(e);
    await expect(
      new Eq10Refiner({ ...eq10Defaults, optimizer: 'sgd', learningRate: 1e30, steps: 20 }).refine(e, request()),
    ).rejects.toThrow(/became .* at step \d+/);
    expect(weights(e)).toEqual(w0);
  });
});
