import { join } from 'node:path';
import type { PluginRegistry } from '../../core/plugin/registry.js';
import { planStages } from '../../core/runner/plan.js';
import { runDirOf, runExperiment, type RunOptions, type StageOutcome } from '../../core/runner/run-experiment.js';
import { shareStage } from './share-stage.js';
import { allRuns, loadSweepRun, type SweepSpec } from './spec.js';
import { writeSweepSummary, type SweepSummary } from './summary.js';

export interface LocalSweepOptions {
  backend?: RunOptions['backend'];
  output?: RunOptions['output'];
  log?: (line: string) => void;
}

export interface LocalSweepResult {
  summary: SweepSummary;
  runs: { name: string; runDir: string; stages: StageOutcome[]; shared: string[] }[];
}

/**
 * Run a sweep's runs one after another in this process. A stage whose plan key an earlier run
 * of the sweep already computed (e.g. the features and topics of a seed, shared by every λ) is
 * linked from that run instead of computed again.
 */
export async function runSweepLocally(spec: SweepSpec, registry: PluginRegistry, o: LocalSweepOptions = {}): Promise<LocalSweepResult> {
  const log = o.log ?? (() => {});
  const computedBy = new Map<string, string>(); // plan key → stage folder that holds it
  const runs: LocalSweepResult['runs'] = [];
  const all = allRuns(spec);
  for (const [i, run] of all.entries()) {
    const loaded = await loadSweepRun(spec, run, registry);
    const runDir = runDirOf(loaded);
    const plan = planStages(loaded.config, registry);
    const shared: string[] = [];
    for (const st of plan) {
      const from = computedBy.get(st.key);
      if (from && shareStage(from, join(runDir, st.name))) shared.push(st.name);
    }
    log(`sweep: run ${i + 1} of ${all.length}: ${run.name}${shared.length ? ` (${shared.join(', ')} shared with an earlier run)` : ''}`);
    const result = await runExperiment(loaded, registry, { backend: o.backend ?? spec.backend, output: o.output });
    for (const st of plan) if (!computedBy.has(st.key)) computedBy.set(st.key, join(runDir, st.name));
    runs.push({ name: run.name, runDir, stages: result.stages, shared });
  }
  return { summary: writeSweepSummary(spec), runs };
}
