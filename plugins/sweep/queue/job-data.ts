import type { SetOverride } from '../../../core/config/set-path.js';

/** How any machine rebuilds a run's config: loadConfig(configFile, {cwd, set}), and `dir` in place of the config's folder when given. */
export interface RunRef {
  configFile: string;
  cwd: string;
  set: SetOverride[];
  dir?: string;
  presetsDir?: string;
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** `--from`: force this stage and the later ones to run again. */
  from?: string;
}

/** What every job about one stage of one run carries. */
export interface RunStageFields {
  sweepId: string;
  run: string;
  runDir: string;
  stage: string;
  key: string;
  ref: RunRef;
}

/** One stage of one run, computed in that run's folder (`runExperiment({only: stage})`). */
export interface StageJob extends RunStageFields {
  kind: 'stage';
  /** The stage was split into this many shard jobs (its children): move their outputs in first (core/runner/stage-shard.ts). */
  shards?: number;
}

/** Part `index` (0-based) of `count` of a stage of one run (`--feature-shards`): a child of that stage's job. */
export interface ShardJob extends RunStageFields {
  kind: 'shard';
  index: number;
  count: number;
}

/**
 * A stage this run shares with an earlier job of the sweep (same plan key): waits until that job
 * is done (re-checking every pollMs without holding a worker), then links its folder in.
 */
export interface ShareJob {
  kind: 'share';
  sweepId: string;
  run: string;
  runDir: string;
  stage: string;
  key: string;
  primaryId: string;
  primaryRun: string;
  primaryRunDir: string;
  pollMs: number;
}

/** The last job of a sweep: writes sweep.md / sweep.json once every run's jobs are done. */
export interface SummaryJob {
  kind: 'summary';
  sweepId: string;
  specDir: string;
}

export type JobData = StageJob | ShardJob | ShareJob | SummaryJob;
