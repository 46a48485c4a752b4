import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXTENSION_POINTS } from '../contracts/tokens.js';
import { TopiclensError } from '../errors.js';
import type { AnyManifest } from './manifest.js';
import type { PluginRegistry } from './registry.js';

/** Why `value` is not a manifest, or undefined when it is one. */
export function manifestProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return `expected an object, found ${value === null ? 'null' : typeof value}`;
  const m = value as Record<string, unknown>;
  if (typeof m.name !== 'string' || !m.name) return `"name" must be a non-empty string`;
  if (m.kind === 'stage') {
    if (!Array.isArray(m.after)) return `stage "${m.name}": "after" must be an array of stage names`;
    if (!Array.isArray(m.configKeys)) return `stage "${m.name}": "configKeys" must be an array`;
    if (typeof m.run !== 'function') return `stage "${m.name}": "run" must be a function`;
    if (m.order !== undefined && !Number.isFinite(m.order)) return `stage "${m.name}": "order" must be a finite number`;
    return undefined;
  }
  if (m.kind === 'command') {
    if (typeof m.run !== 'function') return `command "${m.name}": "run" must be a function`;
    return undefined;
  }
  if (m.kind !== undefined && m.kind !== 'plugin') return `"kind" must be "plugin", "stage" or "command", found ${JSON.stringify(m.kind)}`;
  if (!EXTENSION_POINTS.includes(m.extensionPoint as never)) {
    return `plugin "${m.name}": "extensionPoint" must be one of ${EXTENSION_POINTS.join(', ')}, found ${JSON.stringify(m.extensionPoint)}`;
  }
  if (typeof m.version !== 'string') return `plugin "${m.name}": "version" must be a string`;
  if (!m.optionsSchema || typeof m.optionsSchema !== 'object') return `plugin "${m.name}": "optionsSchema" must be a JSON Schema object`;
  if (typeof m.create !== 'function') return `plugin "${m.name}": "create" must be a function`;
  return undefined;
}

/** The manifests a module exports: `default` (one or an array) or a named `plugins` array. */
export function manifestsOf(mod: Record<string, unknown>, source: string): AnyManifest[] {
  const exported = mod.default ?? mod.plugins;
  if (exported === undefined || exported === null) {
    throw new TopiclensError(
      `Plugin module ${source} exports no topiclens manifest. Export a manifest (or an array of them) as the default export or as \`plugins\`.`,
      2,
    );
  }
  const list: unknown[] = Array.isArray(exported) ? exported : [exported];
  list.forEach((m, i) => {
    const problem = manifestProblem(m);
    if (problem) throw new TopiclensError(`Plugin module ${source}: export #${i} is not a valid manifest: ${problem}.`, 2);
  });
  return list as AnyManifest[];
}

/** Resolve a `plugins` entry: a path (`./x`, `/x`) relative to `fromDir`, or a package name resolved from there. */
export function resolveModuleSpecifier(specifier: string, fromDir: string): string {
  if (specifier.startsWith('file:')) return specifier;
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const path = resolve(fromDir, specifier);
    try {
      return pathToFileURL(createRequire(pathToFileURL(resolve(fromDir, 'noop.js'))).resolve(path)).href;
    } catch {
      return pathToFileURL(path).href;
    }
  }
  try {
    return pathToFileURL(createRequire(pathToFileURL(resolve(fromDir, 'noop.js'))).resolve(specifier)).href;
  } catch {
    try {
      return import.meta.resolve(specifier);
    } catch {
      throw new TopiclensError(
        `Cannot find plugin module "${specifier}" (looked from ${fromDir}). Install it (npm install ${specifier}) or give a path starting with ./`,
        2,
      );
    }
  }
}

/** Import a plugin module and register everything it exports. Loading the same module twice is a no-op. */
export async function loadPluginModule(registry: PluginRegistry, specifier: string, fromDir: string, label = specifier): Promise<void> {
  const url = resolveModuleSpecifier(specifier, fromDir);
  if (registry.loadedModules.has(url)) return;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new TopiclensError(`Cannot load plugin module ${label} (${url}): ${reason}`, 2);
  }
  const manifests = manifestsOf(mod, label);
  registry.loadedModules.add(url);
  for (const m of manifests) registry.register(m, label);
}
