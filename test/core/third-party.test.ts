import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PluginRegistry, createRegistry, loadConfig, loadPluginModule } from '../../core/index.js';

const fixtures = join(import.meta.dirname, '../fixtures/plugins');

describe('third-party plugin modules', () => {
  it('registers a good module by relative path, through the config\'s "plugins" list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-3p-'));
    const file = join(dir, 'exp.json');
    writeFileSync(
      file,
      JSON.stringify({
        plugins: [join(fixtures, 'good-attributor.ts')],
        attributor: { type: 'fixture-attributor', options: { neuron: 4 } },
      }),
    );
    const registry = new PluginRegistry();
    const loaded = await loadConfig(file, registry);
    expect(registry.sourceOf('attributor', 'fixture-attributor')).toBe(join(fixtures, 'good-attributor.ts'));
    expect(loaded.config.attributor).toEqual({ type: 'fixture-attributor', options: { neuron: 4 } });
    const attributor = await registry.get('attributor', 'fixture-attributor').create({ neuron: 4 }, {} as never);
    const result = await attributor.attribute({ numVideos: 1, numTopics: 3, topicVectors: new Uint8Array([1, 0, 1]) } as never);
    expect([...result.chosen]).toEqual([4, -1, 4]);
  });

  it('names a module that exports no manifest', async () => {
    await expect(loadPluginModule(new PluginRegistry(), './no-manifest.ts', fixtures)).rejects.toThrowError(
      'Plugin module ./no-manifest.ts exports no topiclens manifest. Export a manifest (or an array of them) as the default export or as `plugins`.',
    );
  });

  it('names a module whose manifest is invalid, and what is wrong', async () => {
    await expect(loadPluginModule(new PluginRegistry(), './bad-manifest.ts', fixtures)).rejects.toThrowError(
      'Plugin module ./bad-manifest.ts: export #0 is not a valid manifest: plugin "broken": "create" must be a function.',
    );
  });

  it('names a module that cannot be found', async () => {
    await expect(loadPluginModule(new PluginRegistry(), 'topiclens-plugin-that-does-not-exist', fixtures)).rejects.toThrowError(
      /Cannot find plugin module "topiclens-plugin-that-does-not-exist"/,
    );
  });

  it('rejects a third-party plugin that takes a name already registered, naming both modules', async () => {
    const registry = await createRegistry([new URL('../fixtures/test-plugins-module.ts', import.meta.url)]);
    await expect(loadPluginModule(registry, './duplicate-metric.ts', fixtures)).rejects.toThrowError(
      /Two metric plugins are named "fixture-metric": one from .*test-plugins-module\.ts, one from \.\/duplicate-metric\.ts/,
    );
  });
});
