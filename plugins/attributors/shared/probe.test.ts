import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { AttributionInput } from '../../../core/contracts/attributor.js';
import { randomHostMlp, randomInput, readoutOf, testContext } from '../testing/fixtures.js';
import { pdmPlugin } from '../pdm/plugin.js';
import { fitProbe, probeLossAndGrads } from './fit-probe.js';
import { COMMON_DEFAULTS } from './options.js';
import { withProbe } from './with-probe.js';

describe('probe f', () => {
  it('hand-written gradient matches central finite differences', () => {
    const host = randomHostMlp(2, 5, 4, 3, 'tanh', 'sigmoid');
    const r = readoutOf(host);
    const x = tf.tensor2d(
      Float32Array.from({ length: 15 }, (_, i) => Math.sin(i)),
      [3, 5],
    );
    const s = tf.tensor2d([1, 0, 1, 0, 0, 1, 1, 1, 0], [3, 3]);
    const xT = tf.transpose(x) as tf.Tensor2D;
    const { grads } = tf.tidy(() => {
      const o = probeLossAndGrads(tf, r.mlp!, x, xT, s);
      return { grads: o.grads.map((g) => g.arraySync()) };
    });
    const w1 = r.mlp!.w1.arraySync();
    const eps = 1e-2;
    for (const [a, b] of [
      [0, 0],
      [2, 3],
      [4, 1],
    ] as const) {
      const lossWith = (v: number): number =>
        tf.tidy(() => {
          const w = w1.map((row) => row.slice());
          w[a]![b] = v;
          return probeLossAndGrads(tf, { ...r.mlp!, w1: tf.tensor2d(w) }, x, xT, s).loss.dataSync()[0]!;
        });
      const fd = (lossWith(w1[a]![b]! + eps) - lossWith(w1[a]![b]! - eps)) / (2 * eps);
      expect((grads[0] as number[][])[a]![b]).toBeCloseTo(fd, 3);
    }
    tf.dispose([x, s, xT]);
    r.dispose();
  });

  it('fitting lowers the loss, is seeded, and leaks no tensors', () => {
    const input = randomInput(4, 40, 6, 3, null, 0.4);
    const before = tf.memory().numTensors;
    const opts = { hidden: 8, activation: 'relu' as const, output: 'sigmoid' as const, steps: 100, learningRate: 0.05, seed: 3 };
    const a = fitProbe(tf, input.features, input.topicVectors, 40, 6, 3, opts);
    const b = fitProbe(tf, input.features, input.topicVectors, 40, 6, 3, opts);
    expect(a.finalLoss).toBeLessThan(a.initialLoss * 0.8);
    expect(b.finalLoss).toBe(a.finalLoss);
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('attributors fit a probe when the model has no f, and say so', async () => {
    // Topic 0 is on exactly when neuron 2 is large: the probe should learn it and pdm tie topic 0 to neuron 2.
    const input = randomInput(6, 60, 5, 2, null, 0.5);
    for (let v = 0; v < 60; v++) {
      const on = v % 2 === 0;
      input.features[v * 5 + 2] = on ? 2 : 0;
      input.topicVectors[v * 2] = on ? 1 : 0;
    }
    const pdm = pdmPlugin.create(
      { ...COMMON_DEFAULTS, algorithm: 'auto', probeFit: { hidden: 8, steps: 200, learningRate: 0.05 } },
      testContext(),
    ) as Awaited<ReturnType<typeof pdmPlugin.create>>;
    const res = await pdm.attribute(input);
    expect(res.method).toBe('pdm+probe');
    expect(res.notes.join('\n')).toMatch(
      /probe: attributed through a two-layer f \(5→8 relu→2 sigmoid\) fitted on the frozen features of 60 training videos .* because the model has no f/,
    );
    for (let v = 0; v < 60; v += 2) expect(res.chosen[v * 2]).toBe(2);
  });

  it('withProbe gives any attributor the probe (trainMask respected)', async () => {
    const seen: { readout: unknown; n: number }[] = [];
    const inner = {
      attribute: async (inp: AttributionInput) => {
        seen.push({ readout: inp.readout, n: inp.numVideos });
        return { method: 'x', chosen: new Int32Array(inp.numVideos * inp.numTopics), notes: ['inner'] };
      },
      scores: async () => new Float32Array(0),
    };
    const input = { ...randomInput(1, 10, 4, 2, null), trainMask: Uint8Array.from([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]) };
    const res = await withProbe(inner, { tf, seed: 1, name: 'x', probe: 'auto', probeFit: { hidden: 4, steps: 5 } }).attribute(input);
    expect(res.method).toBe('x+probe');
    expect(res.notes[1]).toMatch(/fitted on the frozen features of 5 training videos/);
    expect(seen[0]!.readout).toBeTruthy();
  });
});
