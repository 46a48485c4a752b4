import { describe, expect, it } from 'vitest';
import { hostForward, randomHostMlp, randomInput, readoutOf, testContext } from '../testing/fixtures.js';
import { COMMON_DEFAULTS } from '../shared/options.js';
import { gaussLegendre, igNodes } from '../shared/quadrature.js';
import { integratedGradientsPlugin, type IntegratedGradientsOptions } from './plugin.js';

const make = (o: Partial<IntegratedGradientsOptions>) =>
  integratedGradientsPlugin.create(
    { ...COMMON_DEFAULTS, steps: 50, method: 'gausslegendre', baseline: 'zero', ...o },
    testContext(),
  ) as Awaited<ReturnType<typeof integratedGradientsPlugin.create>>;

describe('quadrature', () => {
  it('Gauss-Legendre nodes and weights match the tables (n = 3) and integrate x^5 exactly', () => {
    const { nodes, weights } = gaussLegendre(3);
    expect(nodes[0]).toBeCloseTo(-Math.sqrt(3 / 5), 12);
    expect(nodes[1]).toBeCloseTo(0, 12);
    expect(weights[0]).toBeCloseTo(5 / 9, 12);
    expect(weights[1]).toBeCloseTo(8 / 9, 12);
    const { alphas, weights: w } = igNodes('gausslegendre', 3);
    expect(alphas.reduce((s, a, i) => s + w[i]! * a ** 5, 0)).toBeCloseTo(1 / 6, 12);
  });
  it('trapezoid: Captum step sizes (ends halved) sum to 1', () => {
    const { alphas, weights } = igNodes('riemann_trapezoid', 5);
    expect(alphas).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(weights).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
  });
});

describe('integrated-gradients', () => {
  for (const [method, baseline, tol] of [
    ['gausslegendre', 'zero', 1e-4],
    ['riemann_trapezoid', 'training-mean', 2e-3],
  ] as const) {
    it(`completeness: Σ_j IG_j = f(x) − f(baseline) (${method}, ${baseline})`, async () => {
      const host = randomHostMlp(12, 9, 6, 3, 'tanh', 'sigmoid');
      const readout = readoutOf(host);
      const input = randomInput(5, 5, 9, 3, readout);
      const s = await make({ method, baseline, steps: 50 }).scores(input, 3);
      const x = Array.from(input.features.subarray(27, 36));
      const base =
        baseline === 'zero'
          ? new Array(9).fill(0)
          : Array.from({ length: 9 }, (_, j) => [0, 1, 2, 3, 4].reduce((a, v) => a + input.features[v * 9 + j]!, 0) / 5);
      const fx = hostForward(host, x);
      const fb = hostForward(host, base);
      for (let i = 0; i < 3; i++) {
        let sum = 0;
        for (let j = 0; j < 9; j++) sum += s[j * 3 + i]!;
        expect(Math.abs(sum - (fx[i]! - fb[i]!))).toBeLessThan(tol);
      }
      readout.dispose();
    });
  }

  it('closed form (mlp) equals tf.grad through readout.apply, relu and sigmoid hidden', async () => {
    for (const act of ['relu', 'sigmoid'] as const) {
      const host = randomHostMlp(14, 7, 5, 3, act, 'sigmoid');
      const withMlp = readoutOf(host);
      const plain = readoutOf(host, false);
      const input = randomInput(6, 4, 7, 3, withMlp);
      const ig = make({ steps: 16, baseline: 'training-mean' });
      for (let v = 0; v < 4; v++) {
        const a = await ig.scores(input, v);
        const b = await ig.scores({ ...input, readout: plain }, v);
        for (let q = 0; q < a.length; q++) expect(a[q]).toBeCloseTo(b[q]!, 5);
      }
      expect(Array.from((await ig.attribute({ ...input, readout: plain })).chosen)).toEqual(Array.from((await ig.attribute(input)).chosen));
      withMlp.dispose();
      plain.dispose();
    }
  });
});
