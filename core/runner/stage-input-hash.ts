import { SINGLE_SLOTS, type ExperimentConfig, type PluginSlot } from '../config/types.js';
import type { StageManifest } from '../plugin/manifest.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { hashValue } from './hash.js';

/** What a stage's output depends on: its code version, its config slice (with plugin versions) and its upstream outputs. */
export function stageInputHash(
  stage: StageManifest,
  config: ExperimentConfig,
  registry: PluginRegistry,
  upstream: Record<string, string>,
): string {
  const slice: Record<string, unknown> = {};
  const versions: Record<string, string> = {};
  for (const key of stage.configKeys) {
    slice[key] = config[key];
    if ((SINGLE_SLOTS as readonly string[]).includes(key) && config[key]) {
      const slot = config[key] as PluginSlot;
      versions[key] = registry.has(key as (typeof SINGLE_SLOTS)[number], slot.type) ? registry.get(key as never, slot.type).version : '?';
    }
  }
  if (stage.section) slice[stage.section] = config[stage.section];
  return hashValue({ stage: stage.name, version: stage.version, seed: config.seed, slice, versions, upstream });
}
