import { resolvedOptions } from '../../../core/config/resolve-options.js';
import type { PluginSlot } from '../../../core/config/types.js';
import type { PluginRegistry } from '../../../core/plugin/registry.js';

/** A refiner and its resolved options, as eval.json and the lineage record them. */
export interface RefinerSettings {
  type: string;
  options: Record<string, unknown>;
}

/**
 * The refiner a run refines with: its config's `refiner` slot (eq10 when it has none), with the
 * defined `overrides` over the slot's options, resolved through the plugin's manifest (defaults
 * merged once, validated; a ConfigError names `file`). refine, refine-eval, studio and reproduce
 * all build it here, so eval.json's settings and reproduce's check of them agree.
 */
export function runRefinerSettings(
  registry: PluginRegistry,
  slot: PluginSlot | null | undefined,
  file: string,
  overrides: Record<string, unknown> = {},
): RefinerSettings {
  const { type, options } = slot ?? { type: 'eq10' };
  const given: Record<string, unknown> = { ...(options ?? {}) };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) given[k] = v;
  return { type, options: resolvedOptions(registry.get('refiner', type), given, { file, path: '/refiner/options' }) };
}
