import { fileURLToPath } from 'node:url';
import { loadPluginModule } from './load-module.js';
import { PluginRegistry } from './registry.js';

/** A registry with the given plugin modules (e.g. the built-ins) loaded through the ordinary path. */
export async function createRegistry(modules: readonly (string | URL)[]): Promise<PluginRegistry> {
  const registry = new PluginRegistry();
  for (const m of modules) {
    const url = m instanceof URL ? m.href : m;
    const label =
      url.startsWith('file:') && url.includes('/plugins/index.')
        ? 'topiclens (built-in)'
        : url.startsWith('file:')
          ? fileURLToPath(url)
          : url;
    await loadPluginModule(registry, url, process.cwd(), label);
  }
  return registry;
}
