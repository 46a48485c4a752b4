import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Attributor } from '../../core/contracts/attributor.js';
import { loadPluginModule } from '../../core/plugin/load-module.js';
import type { PluginManifest } from '../../core/plugin/manifest.js';
import { PluginRegistry } from '../../core/plugin/registry.js';
import attributors from '../../plugins/attributors/index.js';
import { buildNeuronTopicMap } from '../../plugins/attributors/neuron-topic-map/build.js';
import { randomHostMlp, randomInput, readoutOf, testContext } from '../../plugins/attributors/contract/fixtures.js';
import { attributorContractSuite } from '../../plugins/attributors/contract/suite.js';
import { connectionWeightAttributor, type ConnectionWeightOptions } from './index.js';

// The example's manifest must be a topiclens PluginManifest (checked by tsc here).
const typed: PluginManifest<'attributor', ConnectionWeightOptions> = connectionWeightAttributor;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const registry = new PluginRegistry();
for (const m of attributors) registry.register(m, 'builtin:plugins/attributors');
// Exactly what the config line "plugins": ["./examples/custom-attributor"] makes core do.
await loadPluginModule(registry, './examples/custom-attributor', root);

const fromConfig = async (config: { attributor: { type: string; options?: Record<string, unknown> } }): Promise<Attributor> => {
  const m = registry.get('attributor', config.attributor.type);
  return m.create({ ...m.defaults, ...config.attributor.options }, testContext());
};

describe('topiclens-plugin-custom-attributor', () => {
  it('is registered from its package folder, under its own name and source', () => {
    expect(registry.get('attributor', 'connection-weight')).toBe(typed);
    expect(registry.sourceOf('attributor', 'connection-weight')).toBe('./examples/custom-attributor');
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
    const [pdm, custom] = [await fromConfig({ attributor: { type: 'pdm' } }), await fromConfig({ attributor: { type: 'connection-weight' } })];
    const mp = buildNeuronTopicMap(await pdm.attribute(input), 16, input.topicNames);
    const mc = buildNeuronTopicMap(await custom.attribute(input), 16, input.topicNames);
    expect(mp.method).toBe('pdm');
    expect(mc.method).toBe('connection-weight');
    // Both label the same pairs (one per (video, topic) with s_i = 1).
    const pairs = input.topicVectors.reduce((s, v) => s + v, 0);
    expect(mp.topics.reduce((s, t) => s + t.pairs, 0)).toBe(pairs);
    expect(mc.topics.reduce((s, t) => s + t.pairs, 0)).toBe(pairs);
    r.dispose();
  });
});

attributorContractSuite(typed as unknown as PluginManifest<'attributor'>);
