import { afterAll, describe, expect, it } from 'vitest';
import { hostForward, randomHostMlp, randomInput, readoutOf, testContext, tf } from '../testing/fixtures.js';
import { naiveAblation } from '../shared/naive-ablation.js';
import { pdmPlugin, type PdmOptions } from './plugin.js';
import { COMMON_DEFAULTS } from '../shared/options.js';

const make = (opts: Partial<PdmOptions> = {}) =>
  pdmPlugin.create({ ...COMMON_DEFAULTS, algorithm: 'auto', ...opts }, testContext()) as Awaited<ReturnType<typeof pdmPlugin.create>>;

describe('pdm', () => {
  const host = randomHostMlp(3, 12, 7, 5, 'relu', 'sigmoid');
  const readout = readoutOf(host);
  const input = randomInput(11, 9, 12, 5, readout);
  afterAll(() => readout.dispose());

  it('equals the naive per-neuron loop exactly (chosen) and to float precision (differences)', async () => {
    const before = tf.memory().numTensors;
    const res = await make().attribute(input);
    expect(tf.memory().numTensors).toBe(before);
    const naive = naiveAblation(tf, input, readout);
    expect(Array.from(res.chosen)).toEqual(Array.from(naive.chosen));
    expect(res.method).toBe('pdm');
    const s = await make().scores(input, 4);
    const ref = naive.diffs.subarray(4 * 12 * 5, 5 * 12 * 5);
    for (let i = 0; i < s.length; i++) expect(s[i]).toBeCloseTo(ref[i]!, 6);
  });

  it('matches a float64 host computation of Eq. 9 on one video', async () => {
    const x = Array.from(input.features.subarray(2 * 12, 3 * 12));
    const f0 = hostForward(host, x);
    const s = await make().scores(input, 2);
    for (let j = 0; j < 12; j++) {
      const fj = hostForward(
        host,
        x.map((v, jj) => (jj === j ? 0 : v)),
      );
      for (let i = 0; i < 5; i++) expect(s[j * 5 + i]).toBeCloseTo(f0[i]! - fj[i]!, 6);
    }
  });

  it('gives -1 exactly where s_i = 0', async () => {
    const res = await make().attribute(input);
    for (let p = 0; p < res.chosen.length; p++) expect(res.chosen[p]! === -1).toBe(input.topicVectors[p] === 0);
  });

  it('tie rule: among exactly equal differences the lowest neuron index wins', async () => {
    // Three identical neurons (same w1 rows, same activations) → identical differences.
    const d = 6,
      h = 4,
      k = 2;
    const m = randomHostMlp(5, d, h, k, 'tanh', 'linear');
    for (const j of [1, 3, 4]) for (let hh = 0; hh < h; hh++) m.w1[j * h + hh] = m.w1[1 * h + hh]!;
    // make the duplicated neuron the clear winner for topic 0: large weight into a unit that feeds topic 0
    for (const j of [1, 3, 4]) m.w1[j * h + 0] = 3;
    m.w2[0 * k + 0] = 2;
    const r = readoutOf(m);
    const x = Float32Array.from([0.1, 1, 0.2, 1, 1, 0.3]);
    const inp = { ...randomInput(1, 1, d, k, r), features: x, topicVectors: Uint8Array.from([1, 0]) };
    const s = await make().scores(inp, 0);
    expect(s[1 * k]).toBe(s[3 * k]);
    expect(s[1 * k]).toBe(s[4 * k]);
    expect(s[1 * k]!).toBeGreaterThan(Math.max(s[0]!, s[2 * k]!, s[5 * k]!));
    expect((await make().attribute(inp)).chosen[0]).toBe(1);
    // all-zero features: every difference is exactly 0, so neuron 0 is chosen
    const zero = { ...inp, features: new Float32Array(d) };
    expect(Array.from(await make().scores(zero, 0))).toEqual(new Array(d * k).fill(0));
    expect((await make().attribute(zero)).chosen[0]).toBe(0);
    r.dispose();
  });

  for (const [act, out, scale] of [
    ['relu', 'sigmoid', 1],
    ['relu', 'linear', 6],
    ['tanh', 'sigmoid', 1],
  ] as const) {
    it(`both algorithms (auto = relu-split for relu, dense) equal the naive loop: ${act} → ${out}, feature scale ${scale}`, async () => {
      // scale 6 makes many ablations flip the sign of hidden units (exercises the corrections)
      const m = randomHostMlp(17, 20, 9, 6, act, out);
      const r = readoutOf(m);
      const inp = randomInput(19, 8, 20, 6, r, 0.4);
      for (let q = 0; q < inp.features.length; q++) inp.features[q]! *= scale;
      const naive = naiveAblation(tf, inp, r);
      for (const algorithm of ['auto', 'dense'] as const) {
        const res = await make({ algorithm, maxChunkElements: 3000 }).attribute(inp);
        expect(Array.from(res.chosen)).toEqual(Array.from(naive.chosen));
        for (let v = 0; v < 8; v++) {
          const s = await make({ algorithm }).scores(inp, v);
          for (let q = 0; q < s.length; q++) expect(Math.abs(s[q]! - naive.diffs[v * 120 + q]!)).toBeLessThan(2e-5 * scale);
        }
      }
      r.dispose();
    });
  }

  it('does not depend on chunking', async () => {
    const a = await make({ maxChunkElements: 1000 }).attribute(input);
    const b = await make({ maxChunkElements: 10_000_000 }).attribute(input);
    expect(Array.from(a.chosen)).toEqual(Array.from(b.chosen));
  });

  it('fallback through readout.apply (no mlp) gives the same differences and choices', async () => {
    const plain = readoutOf(host, false);
    const inp = { ...input, readout: plain };
    const a = await make().attribute(input);
    const b = await make().attribute(inp);
    expect(Array.from(b.chosen)).toEqual(Array.from(a.chosen));
    const sa = await make().scores(input, 1);
    const sb = await make().scores(inp, 1);
    for (let i = 0; i < sa.length; i++) expect(sb[i]).toBeCloseTo(sa[i]!, 6);
    plain.dispose();
  });

  it('rejects inconsistent input with a message naming the problem', async () => {
    await expect(make().attribute({ ...input, features: input.features.subarray(1) })).rejects.toThrow(
      /features has 107 values; expected numVideos × numNeurons = 9 × 12 = 108/,
    );
    const bad = input.features.slice();
    bad[13] = NaN;
    await expect(make().attribute({ ...input, features: bad })).rejects.toThrow(/video "vid1" neuron 1 is NaN/);
    await expect(make({ probe: 'never' }).attribute({ ...input, readout: null })).rejects.toThrow(/has no topic predictor f/);
  });
});

describe('pdm on an f updated in place', () => {
  it('sees new weights after Variable.assign (no stale cached weights)', async () => {
    const host = randomHostMlp(23, 8, 5, 3, 'relu', 'linear');
    const r = readoutOf(host);
    const w1 = tf.variable(r.mlp!.w1);
    const readout = { ...r, mlp: { ...r.mlp!, w1 } };
    const input = randomInput(4, 3, 8, 3, readout);
    const pdm = pdmPlugin.create({ ...COMMON_DEFAULTS, algorithm: 'auto' }, testContext()) as Awaited<ReturnType<typeof pdmPlugin.create>>;
    await pdm.scores(input, 0);
    w1.assign(tf.mul(r.mlp!.w1, -1) as tf.Tensor2D);
    const plain = {
      inputDim: 8,
      outputDim: 3,
      apply: (x: tf.Tensor2D) =>
        tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), r.mlp!.b1)) as tf.Tensor2D, r.mlp!.w2), r.mlp!.b2) as tf.Tensor2D,
    };
    const naive = naiveAblation(tf, input, plain);
    const s = await pdm.scores(input, 0);
    for (let q = 0; q < s.length; q++) expect(s[q]).toBeCloseTo(naive.diffs[q]!, 5);
    w1.dispose();
    r.dispose();
  });
});
