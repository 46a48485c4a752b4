import { afterAll, describe, expect, it } from 'vitest';
import { hostForward, randomHostMlp, randomInput, readoutOf, testContext } from '../testing/fixtures.js';
import { pdmPlugin } from '../pdm/plugin.js';
import { COMMON_DEFAULTS } from '../shared/options.js';
import { ablationPlugin } from './plugin.js';

describe('ablation', () => {
  const host = randomHostMlp(8, 10, 6, 4, 'sigmoid', 'linear');
  const readout = readoutOf(host);
  const input = randomInput(2, 6, 10, 4, readout);
  afterAll(() => readout.dispose());

  it('with the zero baseline equals pdm (differences and choices)', async () => {
    const abl = ablationPlugin.create({ ...COMMON_DEFAULTS, baseline: 'zero', algorithm: 'auto' }, testContext()) as Awaited<
      ReturnType<typeof ablationPlugin.create>
    >;
    const pdm = pdmPlugin.create({ ...COMMON_DEFAULTS, algorithm: 'auto' }, testContext()) as Awaited<ReturnType<typeof pdmPlugin.create>>;
    for (let v = 0; v < 6; v++) expect(Array.from(await abl.scores(input, v))).toEqual(Array.from(await pdm.scores(input, v)));
    expect(Array.from((await abl.attribute(input)).chosen)).toEqual(Array.from((await pdm.attribute(input)).chosen));
  });

  it('relu-split and dense agree with a training-mean baseline on a relu f', async () => {
    const m = randomHostMlp(41, 10, 6, 4, 'relu', 'sigmoid');
    const r = readoutOf(m);
    const inp = randomInput(2, 6, 10, 4, r);
    const make = (algorithm: 'auto' | 'dense') =>
      ablationPlugin.create({ ...COMMON_DEFAULTS, baseline: 'training-mean', algorithm }, testContext()) as Awaited<
        ReturnType<typeof ablationPlugin.create>
      >;
    for (let v = 0; v < 6; v++) {
      const a = await make('auto').scores(inp, v);
      const b = await make('dense').scores(inp, v);
      for (let q = 0; q < a.length; q++) expect(a[q]).toBeCloseTo(b[q]!, 5);
    }
    expect(Array.from((await make('auto').attribute(inp)).chosen)).toEqual(Array.from((await make('dense').attribute(inp)).chosen));
    r.dispose();
  });

  it('with the training-mean baseline sets the neuron to its mean over trainMask videos', async () => {
    const trainMask = Uint8Array.from([1, 1, 1, 0, 0, 0]);
    const inp = { ...input, trainMask };
    const mean = Array.from({ length: 10 }, (_, j) => (input.features[j]! + input.features[10 + j]! + input.features[20 + j]!) / 3);
    const abl = ablationPlugin.create({ ...COMMON_DEFAULTS, baseline: 'training-mean', algorithm: 'auto' }, testContext()) as Awaited<
      ReturnType<typeof ablationPlugin.create>
    >;
    const s = await abl.scores(inp, 4);
    const x = Array.from(input.features.subarray(40, 50));
    const f0 = hostForward(host, x);
    for (let j = 0; j < 10; j++) {
      const fj = hostForward(
        host,
        x.map((v, jj) => (jj === j ? mean[j]! : v)),
      );
      for (let i = 0; i < 4; i++) expect(s[j * 4 + i]).toBeCloseTo(f0[i]! - fj[i]!, 5);
    }
  });
});
