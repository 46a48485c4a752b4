import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, PRESETS_DIR } from '../../core/config/index.js';
import { parseSet, type SetOverride } from '../../core/config/set-path.js';
import type { LoadedConfig } from '../../core/config/types.js';
import { TopiclensError } from '../../core/errors.js';
import type { PluginRegistry } from '../../core/plugin/registry.js';
import { writeJsonAtomic } from '../../core/runner/atomic.js';
import type { GridPoint, GridRun } from './grid.js';

export const SPEC_FILE = 'sweep.spec.json';

/**
 * Everything a machine needs to rebuild a sweep's runs: the base config, the folder its relative
 * paths resolve against, the grid. Written to `<sweep>/sweep.spec.json`; queue jobs name it.
 */
export interface SweepSpec {
  /** The base config file (absolute). */
  configFile: string;
  /** Working directory of the submitting `topiclens sweep` (a preset's relative paths resolve against it). */
  cwd: string;
  /** The sweep folder (absolute): runs go to `<dir>/<run>/`, sweep.md and sweep.json beside them. */
  dir: string;
  /** The axes as given (`--set` texts) and the seeds. */
  axes: string[];
  seeds: number[];
  /** Metric names for sweep.md (see metrics.ts). */
  metrics: string[];
  /** tfjs backend for every run (`--backend`); default: each config's. */
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  points: GridPoint[];
}

export const allRuns = (spec: SweepSpec): GridRun[] => spec.points.flatMap((p) => p.runs);

/** The run's overrides with its folder: `name` and `runsDir` set by the sweep. */
export const runSets = (spec: SweepSpec, run: GridRun): SetOverride[] => [
  ...run.set,
  parseSet(`name=${run.name}`),
  { path: ['runsDir'], value: spec.dir, text: `runsDir=${spec.dir}` },
];

export async function loadSweepRun(spec: SweepSpec, run: GridRun, registry: PluginRegistry): Promise<LoadedConfig> {
  return loadConfig(spec.configFile, registry, { cwd: spec.cwd, presetsDir: PRESETS_DIR, set: runSets(spec, run) });
}

export const writeSpec = (spec: SweepSpec): void => writeJsonAtomic(join(spec.dir, SPEC_FILE), spec);

export function readSpec(dir: string): SweepSpec {
  const file = join(dir, SPEC_FILE);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SweepSpec;
  } catch (e) {
    throw new TopiclensError(
      `${file} cannot be read (${(e as Error).message.split('\n')[0]}): is ${dir} a sweep folder that \`topiclens sweep\` wrote, and does this machine see the shared run root at the same path?`,
      2,
    );
  }
}

export const findRun = (spec: SweepSpec, name: string): GridRun => {
  const run = allRuns(spec).find((r) => r.name === name);
  if (!run)
    throw new TopiclensError(
      `The sweep in ${spec.dir} has no run "${name}" (it has ${allRuns(spec)
        .map((r) => r.name)
        .join(', ')}).`,
      2,
    );
  return run;
};
