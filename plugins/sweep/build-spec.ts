import { resolve } from 'node:path';
import { loadConfig } from '../../core/config/index.js';
import { parseSetList } from '../../core/config/set-path.js';
import type { PluginRegistry } from '../../core/plugin/registry.js';
import { expandGrid, parseSeeds } from './grid.js';
import { DEFAULT_METRICS } from './metrics.js';
import { allRuns, loadSweepRun, type SweepSpec } from './spec.js';

export interface SweepRequest {
  config: string | undefined;
  cwd: string;
  /** `path=v1,v2,…`, one per axis. */
  sets: string[];
  /** `1,2,3`; default: the config's seed. */
  seeds?: string;
  /** `Bleu_4,METEOR`; default DEFAULT_METRICS. */
  metrics?: string;
  /** The sweep folder; default `<runsDir>/<name>-sweep` of the config. */
  out?: string;
}

/** The sweep's spec, every run's config validated before anything runs. */
export async function buildSweepSpec(r: SweepRequest, registry: PluginRegistry): Promise<SweepSpec> {
  const base = await loadConfig(r.config, registry, { cwd: r.cwd });
  const axes = r.sets.map((s) => parseSetList(s));
  const seeds = r.seeds ? parseSeeds(r.seeds) : [base.config.seed];
  const spec: SweepSpec = {
    configFile: base.file,
    cwd: r.cwd,
    dir: r.out ? resolve(r.cwd, r.out) : resolve(base.dir, base.config.runsDir, `${base.config.name}-sweep`),
    axes: axes.map((a) => `${a[0]!.path.join('.')}=${a.map((o) => o.text.slice(o.text.indexOf('=') + 1)).join(',')}`),
    seeds,
    metrics: r.metrics
      ? r.metrics
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean)
      : DEFAULT_METRICS,
    points: expandGrid(axes, seeds),
  };
  for (const run of allRuns(spec)) await loadSweepRun(spec, run, registry); // a bad value fails here, naming its --set
  return spec;
}
