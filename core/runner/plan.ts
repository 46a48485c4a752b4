import type { ExperimentConfig, LoadedConfig } from '../config/types.js';
import type { StageManifest } from '../plugin/manifest.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { stageInputHash } from './stage-input-hash.js';

/** One stage of a run as planned before anything runs. */
export interface PlannedStage {
  name: string;
  /** Enabled stages this one reads (its `after`, and the registered, enabled ones of `optionalAfter`). */
  deps: string[];
  /**
   * The stage's input hash computed with its upstream stages' plan keys in place of their output
   * hashes. Stages are deterministic (same inputs → same output), so two stages with equal keys
   * get equal input hashes when they run: one can be computed and the other linked to it.
   */
  key: string;
}

/** The enabled stages of a run in execution order, with their dependencies and plan keys. */
export function planStages(config: ExperimentConfig, registry: PluginRegistry): PlannedStage[] {
  const stages = registry.stages();
  const enabled = new Set(stages.filter((s) => !s.enabled || s.enabled(config)).map((s) => s.name));
  const keys: Record<string, string> = {};
  const planned: PlannedStage[] = [];
  for (const stage of stages) {
    if (!enabled.has(stage.name)) continue;
    const upstream = Object.fromEntries(readsOf(stage).map((d) => [d, keys[d] ?? 'absent']));
    const key = stageInputHash(stage, config, registry, upstream);
    keys[stage.name] = key;
    planned.push({ name: stage.name, deps: readsOf(stage).filter((d) => enabled.has(d)), key });
  }
  return planned;
}

export const readsOf = (stage: StageManifest): string[] => [...stage.after, ...(stage.optionalAfter ?? [])];

/** `stage` and every stage it reads, transitively (names of enabled stages). */
export function upstreamClosure(plan: readonly PlannedStage[], stage: string): Set<string> {
  const byName = new Map(plan.map((p) => [p.name, p]));
  const out = new Set<string>();
  const visit = (name: string): void => {
    if (out.has(name) || !byName.has(name)) return;
    out.add(name);
    for (const d of byName.get(name)!.deps) visit(d);
  };
  visit(stage);
  return out;
}

export const planOf = (loaded: LoadedConfig, registry: PluginRegistry): PlannedStage[] => planStages(loaded.config, registry);
