import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDefaultRegistry, loadPluginModule, type Attributor, type PluginManifest } from 'topiclens';
import { attributorContractSuite, randomHostMlp, randomInput, readoutOf, testContext } from 'topiclens/testing';
import { connectionWeightAttributor, type ConnectionWeightOptions } from './index.js';

// The manifest must be a topiclens PluginManifest (checked by tsc here, against topiclens' .d.ts).
const typed: PluginManifest<'attributor', ConnectionWeightOptions> = connectionWeightAttributor;

// This package's folder, loaded exactly the way a config's "plugins": ["<this folder>"] entry is.
const here = dirname(fileURLToPath(import.meta.url));
const registry = await createDefaultRegistry();
await loadPluginModule(registry, here, here);

const fromConfig = async (config: { attributor: { type: string; options?: Record<string, unknown> } }): Promise<Attributor> => {
  const m = registry.get('attributor', config.attributor.type);
  return m.create({ ...m.defaults, ...config.attributor.options }, testContext());
};

describe('topiclens-plugin-custom-attributor', () => {
  it('is registered from its package folder, under its own name and source', () => {
    // Installed, topiclens imports the package itself (natively, outside the test's module graph),
    // so compare what it registered, not object identity.
    const registered = registry.get('attributor', 'connection-weight');
    expect([registered.version, registered.description, registered.optionsSchema, registered.defaults]).toEqual([
      typed.version,
      typed.description,
      typed.optionsSchema,
      typed.defaults,
    ]);
    expect(registry.sourceOf('attributor', 'connection-weight')).toBe(here);
  });

  it('scores = v̄_j · Σ_h w1[j,h] w2[h,i] (hand-computed on a 2→2→1 f)', async () => {
    // w1 = [[1, 2], [3, -1]], w2 = [[0.5], [-2]] → c = [1·0.5 + 2·(−2), 3·0.5 + (−1)(−2)] = [−3.5, 3.5]
    const m = { ...randomHostMlp(1, 2, 2, 1), w1: Float32Array.from([1, 2, 3, -1]), w2: Float32Array.from([0.5, -2]) };
    const r = readoutOf(m);
    const input = { ...randomInput(1, 1, 2, 1, r), features: Float32Array.from([2, 0.5]), topicVectors: Uint8Array.from([1]) };
    const a = await fromConfig({ attributor: { type: 'connection-weight' } });
    expect(Array.from(await a.scores(input, 0))).toEqual([-7, 1.75]);
    expect((await a.attribute(input)).chosen[0]).toBe(1);
    const abs = await fromConfig({ attributor: { type: 'connection-weight', options: { absolute: true } } });
    expect((await abs.attribute(input)).chosen[0]).toBe(0);
    r.dispose();
  });

  it('attributes the same run as pdm, one config line apart', async () => {
    const host = randomHostMlp(31, 16, 8, 5, 'relu', 'linear');
    const r = readoutOf(host);
    const input = randomInput(12, 30, 16, 5, r, 0.25);
    const [pdm, custom] = [
      await fromConfig({ attributor: { type: 'pdm' } }),
      await fromConfig({ attributor: { type: 'connection-weight' } }),
    ];
    const [rp, rc] = [await pdm.attribute(input), await custom.attribute(input)];
    expect(rp.method).toBe('pdm');
    expect(rc.method).toBe('connection-weight');
    // Both label the same pairs: a neuron for every (video, topic) with s_i = 1, none elsewhere.
    const labelled = (chosen: Int32Array) => Array.from(chosen, (j) => (j >= 0 ? 1 : 0));
    expect(labelled(rp.chosen)).toEqual(Array.from(input.topicVectors));
    expect(labelled(rc.chosen)).toEqual(Array.from(input.topicVectors));
    expect(input.topicVectors.reduce((s, v) => s + v, 0)).toBe(57); // of 30 × 5 (seed 12): not a vacuous comparison
    r.dispose();
  });
});

attributorContractSuite(typed as unknown as PluginManifest<'attributor'>);
