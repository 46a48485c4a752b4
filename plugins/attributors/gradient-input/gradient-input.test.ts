import { describe, expect, it } from 'vitest';
import { hostForward, randomHostMlp, randomInput, readoutOf, testContext } from '../testing/fixtures.js';
import { COMMON_DEFAULTS } from '../shared/options.js';
import { gradientInputPlugin } from './plugin.js';

describe('gradient-input', () => {
  const make = () =>
    gradientInputPlugin.create({ ...COMMON_DEFAULTS }, testContext()) as Awaited<ReturnType<typeof gradientInputPlugin.create>>;
  for (const act of ['tanh', 'sigmoid'] as const) {
    it(`closed form equals x · central finite differences (${act} hidden, sigmoid out)`, async () => {
      const host = randomHostMlp(4, 8, 5, 3, act, 'sigmoid');
      const readout = readoutOf(host);
      const input = randomInput(7, 3, 8, 3, readout);
      const s = await make().scores(input, 1);
      const x = Array.from(input.features.subarray(8, 16));
      const eps = 1e-4;
      for (let j = 0; j < 8; j++) {
        const fp = hostForward(
          host,
          x.map((v, jj) => (jj === j ? v + eps : v)),
        );
        const fm = hostForward(
          host,
          x.map((v, jj) => (jj === j ? v - eps : v)),
        );
        for (let i = 0; i < 3; i++) expect(s[j * 3 + i]).toBeCloseTo((x[j]! * (fp[i]! - fm[i]!)) / (2 * eps), 4);
      }
      readout.dispose();
    });
  }

  it('tf.grad fallback (no mlp) agrees with the closed form', async () => {
    const host = randomHostMlp(9, 8, 5, 3, 'relu', 'linear');
    const withMlp = readoutOf(host);
    const plain = readoutOf(host, false);
    const input = randomInput(3, 4, 8, 3, withMlp);
    const a = await make().attribute(input);
    const b = await make().attribute({ ...input, readout: plain });
    expect(Array.from(b.chosen)).toEqual(Array.from(a.chosen));
    const sa = await make().scores(input, 2);
    const sb = await make().scores({ ...input, readout: plain }, 2);
    for (let i = 0; i < sa.length; i++) expect(sb[i]).toBeCloseTo(sa[i]!, 5);
    withMlp.dispose();
    plain.dispose();
  });
});
