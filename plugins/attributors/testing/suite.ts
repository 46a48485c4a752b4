import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { AttributionInput, Attributor } from '../../../core/contracts/attributor.js';
import type { PluginManifest } from '../../../core/plugin/manifest.js';
import { randomHostMlp, randomInput, readoutOf, testContext, tf, type HostMlp } from './fixtures.js';

/** Lowest-index argmax over neurons of a `[D, K]` score matrix for topic i. */
const argmaxCol = (s: Float32Array, d: number, k: number, i: number): number => {
  let best = 0;
  for (let j = 1; j < d; j++) if (s[j * k + i]! > s[best * k + i]!) best = j;
  return best;
};

/** The gap between the best and second-best score of topic i (how safe a comparison of choices is). */
const margin = (s: Float32Array, d: number, k: number, i: number): number => {
  const col = Array.from({ length: d }, (_, j) => s[j * k + i]!).sort((a, b) => b - a);
  return col[0]! - col[1]!;
};

/**
 * The contract every attributor must meet (Captum's test-matrix idea: one suite, every method).
 * Runs on any manifest of extension point `attributor`, built-in or third-party.
 */
export function attributorContractSuite(manifest: PluginManifest<'attributor'>): void {
  const N = 7,
    D = 9,
    H = 6,
    K = 4;
  const make = async (): Promise<Attributor> => manifest.create({ ...manifest.defaults }, testContext(5));

  describe(`attributor contract: ${manifest.name}`, () => {
    const host = randomHostMlp(21, D, H, K, 'relu', 'sigmoid');

    it('its defaults satisfy its own options schema', () => {
      const ajv = new Ajv({ strict: false });
      const validate = ajv.compile(manifest.optionsSchema);
      expect(validate(manifest.defaults), JSON.stringify(validate.errors)).toBe(true);
    });

    it('returns [N, K] choices: a neuron in 0..D-1 where s_i = 1, -1 exactly where s_i = 0; no tensors leak', async () => {
      const r = readoutOf(host);
      const input = randomInput(3, N, D, K, r);
      const before = tf.memory().numTensors;
      const res = await (await make()).attribute(input);
      expect(tf.memory().numTensors).toBe(before);
      expect(res.chosen).toBeInstanceOf(Int32Array);
      expect(res.chosen.length).toBe(N * K);
      for (let p = 0; p < N * K; p++) {
        if (input.topicVectors[p]) expect(res.chosen[p]! >= 0 && res.chosen[p]! < D, `pair ${p}: ${res.chosen[p]}`).toBe(true);
        else expect(res.chosen[p]).toBe(-1);
      }
      expect(res.method.startsWith(manifest.name)).toBe(true);
      expect(res.notes.every((n) => typeof n === 'string')).toBe(true);
      r.dispose();
    });

    it('scores() are [D, K], finite, and their lowest-index argmax is the chosen neuron', async () => {
      const r = readoutOf(host);
      const input = randomInput(4, N, D, K, r);
      const a = await make();
      const res = await a.attribute(input);
      for (let v = 0; v < N; v++) {
        const s = await a.scores(input, v);
        expect(s.length).toBe(D * K);
        expect(s.every(Number.isFinite)).toBe(true);
        for (let i = 0; i < K; i++) if (input.topicVectors[v * K + i]) expect(res.chosen[v * K + i]).toBe(argmaxCol(s, D, K, i));
      }
      r.dispose();
    });

    it('is deterministic: two instances, same input → identical choices and scores', async () => {
      const r = readoutOf(host);
      const input = randomInput(5, N, D, K, r);
      const [a, b] = [await make(), await make()];
      expect(Array.from((await b.attribute(input)).chosen)).toEqual(Array.from((await a.attribute(input)).chosen));
      expect(Array.from(await b.scores(input, 2))).toEqual(Array.from(await a.scores(input, 2)));
      r.dispose();
    });

    it('treats videos independently: attributing a subset gives the same rows', async () => {
      const r = readoutOf(host);
      const input = randomInput(6, N, D, K, r);
      const all = await (await make()).attribute(input);
      const rows = [5, 1, 3];
      const sub: AttributionInput = {
        ...input,
        numVideos: rows.length,
        features: Float32Array.from(rows.flatMap((v) => Array.from(input.features.subarray(v * D, (v + 1) * D)))),
        topicVectors: Uint8Array.from(rows.flatMap((v) => Array.from(input.topicVectors.subarray(v * K, (v + 1) * K)))),
        videoIds: rows.map((v) => input.videoIds[v]!),
        trainingMean: undefined,
      };
      // Baselines that use the training mean must see the same mean.
      sub.trainingMean = Float32Array.from(
        { length: D },
        (_, j) => rows.length && Array.from({ length: N }, (_, v) => input.features[v * D + j]!).reduce((x, y) => x + y, 0) / N,
      );
      const part = await (await make()).attribute(sub);
      rows.forEach((v, q) => {
        expect(Array.from(part.chosen.subarray(q * K, (q + 1) * K))).toEqual(Array.from(all.chosen.subarray(v * K, (v + 1) * K)));
      });
      r.dispose();
    });

    it('gives a neuron f ignores (zero row of w1) a score of exactly 0 and leaves the others alone', async () => {
      const r = readoutOf(host);
      const input = randomInput(7, N, D, K, r);
      const wide: HostMlp = { ...host, d: D + 1, w1: new Float32Array((D + 1) * H) };
      wide.w1.set(host.w1); // the extra neuron D has an all-zero row
      const rw = readoutOf(wide);
      const features = new Float32Array(N * (D + 1));
      for (let v = 0; v < N; v++) {
        features.set(input.features.subarray(v * D, (v + 1) * D), v * (D + 1));
        features[v * (D + 1) + D] = 3.5; // a large activation that must not matter
      }
      const wideInput: AttributionInput = { ...input, features, numNeurons: D + 1, readout: rw };
      const a = await make();
      const narrowRes = await a.attribute(input);
      const wideRes = await a.attribute(wideInput);
      for (let v = 0; v < N; v++) {
        const s = await a.scores(input, v);
        const sw = await a.scores(wideInput, v);
        for (let i = 0; i < K; i++) {
          expect(sw[D * K + i]).toBe(0);
          for (let j = 0; j < D; j++) expect(sw[j * K + i]).toBeCloseTo(s[j * K + i]!, 5);
          const p = v * K + i;
          if (input.topicVectors[p] && s[narrowRes.chosen[p]! * K + i]! > 1e-4 && margin(s, D, K, i) > 1e-4)
            expect(wideRes.chosen[p]).toBe(narrowRes.chosen[p]);
        }
      }
      r.dispose();
      rw.dispose();
    });

    it('is equivariant to a permutation of the neurons', async () => {
      const r = readoutOf(host);
      const input = randomInput(8, N, D, K, r);
      const perm = [4, 0, 7, 2, 8, 1, 6, 3, 5]; // new neuron q is old neuron perm[q]
      const ph: HostMlp = { ...host, w1: new Float32Array(D * H) };
      perm.forEach((old, q) => {
        ph.w1.set(host.w1.subarray(old * H, (old + 1) * H), q * H);
      });
      const rp = readoutOf(ph);
      const features = new Float32Array(N * D);
      for (let v = 0; v < N; v++) {
        perm.forEach((old, q) => {
          features[v * D + q] = input.features[v * D + old]!;
        });
      }
      const a = await make();
      const res = await a.attribute(input);
      const resP = await a.attribute({ ...input, features, readout: rp });
      for (let v = 0; v < N; v++) {
        const s = await a.scores(input, v);
        for (let i = 0; i < K; i++) {
          const p = v * K + i;
          if (input.topicVectors[p] && margin(s, D, K, i) > 1e-4) expect(perm[resP.chosen[p]!]).toBe(res.chosen[p]);
        }
      }
      r.dispose();
      rp.dispose();
    });

    it('rejects inconsistent input with an error that says what is wrong', async () => {
      const r = readoutOf(host);
      const input = randomInput(9, N, D, K, r);
      await expect((await make()).attribute({ ...input, features: input.features.subarray(0, N * D - 1) })).rejects.toThrow(/features/);
      r.dispose();
    });
  });
}
