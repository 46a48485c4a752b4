import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TopiclensError } from '../errors.js';
import { loadPluginModule } from '../plugin/load-module.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { checkConfig } from './check-config.js';
import { readConfig, withTopLevelDefaults } from './load-config.js';
import { originOf } from './merge.js';
import { applySets, type SetOverride } from './set-path.js';
import type { LoadedConfig } from './types.js';
import { validateConfig } from './validate-config.js';

export const PRESETS_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));

export interface LoadConfigOptions {
  cwd?: string;
  presetsDir?: string;
  /** `--set path=value` overrides, applied in order over the merged `extends` chain, before validation. */
  set?: readonly SetOverride[];
}

/**
 * Find or read a config, resolve `extends`, load its third-party `plugins` into `registry`,
 * and validate everything. Throws ConfigError (exit code 2) listing every problem.
 */
export async function loadConfig(
  file: string | undefined,
  registry: PluginRegistry,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const raw = await readConfig(file, { cwd: options.cwd, presetsDir: options.presetsDir ?? PRESETS_DIR });
  const config = withTopLevelDefaults(options.set?.length ? applySets(raw.config, options.set, raw.origins) : raw.config, raw.file);
  if (Array.isArray(config.plugins)) {
    for (const [i, specifier] of config.plugins.entries()) {
      if (typeof specifier !== 'string') continue; // the schema reports it
      const from = originOf(raw.origins, `/plugins/${i}`) ?? raw.file;
      try {
        await loadPluginModule(registry, specifier, dirname(from), specifier);
      } catch (e) {
        if (e instanceof TopiclensError) throw new TopiclensError(`${from}: /plugins/${i}: ${e.message}`, 2);
        throw e;
      }
    }
  }
  const validated = validateConfig(config, registry, { file: raw.file, origins: raw.origins });
  const { notes } = checkConfig(
    { config: validated, raw: raw.config, nulled: raw.nulled, file: raw.file, dir: raw.dir, origins: raw.origins },
    registry,
  );
  return { config: validated, file: raw.file, dir: raw.dir, chain: raw.chain, notes };
}

export { readConfig, resolveExtends, SEARCH_PLACES } from './load-config.js';
export { validateConfig, experimentSchema } from './validate-config.js';
export { resolveOptions, resolvedOptions, withDefaults, type OptionsSource } from './resolve-options.js';
export { pipelineMode, type PipelineMode } from './types.js';
export { combinedSchema } from './combined-schema.js';
export { checkConfig } from './check-config.js';
export { configPath } from './config-path.js';
export { parseSet, parseSetList, setPath, applySets, type SetOverride } from './set-path.js';
export type { ExperimentConfig, LoadedConfig, PluginSlot, BackendName } from './types.js';
