import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PluginRegistry } from '../../../core/plugin/registry.js';
import { loadPluginModule } from '../../../core/plugin/load-module.js';
import type { PluginManifest } from '../../../core/plugin/manifest.js';
import { describe, expect, it } from 'vitest';
import builtins from '../index.js';
import { attributorContractSuite } from './suite.js';

// Every attributor in the registry — built-ins and the third-party example, loaded the way a
// config's "plugins" entry is — runs the same contract suite.
const registry = new PluginRegistry();
for (const m of builtins) registry.register(m, 'builtin:plugins/attributors');
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
await loadPluginModule(registry, './examples/custom-attributor', projectRoot);

describe('attributor registry', () => {
  it('holds the built-ins and the example', () => {
    expect(registry.names('attributor')).toEqual(['ablation', 'connection-weight', 'gradient-input', 'integrated-gradients', 'pdm']);
  });
});

for (const m of registry.list('attributor')) attributorContractSuite(m as PluginManifest<'attributor'>);
