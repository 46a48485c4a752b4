import { join } from 'node:path';
import { DelayedError, UnrecoverableError, type Job, type Queue } from 'bullmq';
import { loadConfig } from '../../../core/config/index.js';
import { ConfigError, TopiclensError } from '../../../core/errors.js';
import type { PluginRegistry } from '../../../core/plugin/registry.js';
import type { LoadedConfig } from '../../../core/config/types.js';
import { type RunResult, runDirOf, runExperiment } from '../../../core/runner/run-experiment.js';
import { adoptShards, runStageShard } from '../../../core/runner/stage-shard.js';
import { shareStage } from '../share-stage.js';
import { readSpec } from '../spec.js';
import { writeSweepSummary } from '../summary.js';
import { lockHeartbeat } from './lock-keeper.js';
import type { LockThread } from './lock-thread.js';
import type { JobData, ShardJob, ShareJob, StageJob } from './job-data.js';

export interface ProcessContext {
  registry: PluginRegistry;
  queue: Queue;
  log: (line: string) => void;
  quiet?: boolean;
  /** The worker's lock duration: stage jobs renew their lock from the stage's progress (lock-keeper.ts). */
  lockDuration?: number;
  /** Renews the locks of stage and shard jobs from a thread of its own while they run (lock-thread.ts). */
  lockThread?: LockThread;
}

/** A user error (bad config, missing data) fails the same way every time: no retries. */
const unrecoverable = (e: unknown): Error =>
  e instanceof ConfigError || (e instanceof TopiclensError && e.exitCode === 2) ? new UnrecoverableError(e.message) : (e as Error);

/** The job's run config as this machine loads it, checked to put the run where the sweep expects it. */
async function loadRef(d: StageJob | ShardJob, c: ProcessContext): Promise<LoadedConfig> {
  const loaded = await loadConfig(d.ref.configFile, c.registry, {
    cwd: d.ref.cwd,
    set: d.ref.set,
    ...(d.ref.presetsDir ? { presetsDir: d.ref.presetsDir } : {}),
  });
  const ref = d.ref.dir ? { ...loaded, dir: d.ref.dir } : loaded;
  if (runDirOf(ref) !== d.runDir)
    throw new TopiclensError(
      `job ${d.run}/${d.stage}: its config puts the run in ${runDirOf(ref)} on this machine, the sweep in ${d.runDir}; mount the shared run root at the same path on every machine.`,
      2,
    );
  return ref;
}

async function runStage(d: StageJob, c: ProcessContext, heartbeat: () => void): Promise<unknown> {
  let result: RunResult;
  let adopted: ReturnType<typeof adoptShards> | undefined;
  try {
    const ref = await loadRef(d, c);
    // A sharded stage: its shard jobs (this job's children) are done; their outputs become this stage's interrupted attempt.
    if (d.shards) adopted = adoptShards(ref, c.registry, d.stage);
    // The same machinery as `topiclens run`: up-to-date stages are skipped, an interrupted attempt (a killed worker) resumes from its checkpoint.
    result = await runExperiment(ref, c.registry, {
      only: d.stage,
      backend: d.ref.backend,
      ...(d.ref.from ? { from: d.ref.from } : {}),
      output: { quiet: c.quiet ?? true },
      heartbeat,
    });
  } catch (e) {
    throw unrecoverable(e);
  }
  const outcome = result.stages.find((s) => s.name === d.stage);
  return {
    stage: d.stage,
    status: outcome?.status,
    seconds: outcome?.seconds,
    outputHash: outcome?.outputHash,
    ...(adopted ? { adopted } : {}),
  };
}

async function runShard(d: ShardJob, c: ProcessContext, heartbeat: () => void): Promise<unknown> {
  try {
    const ref = await loadRef(d, c);
    const r = await runStageShard(ref, c.registry, {
      stage: d.stage,
      shard: { index: d.index, count: d.count },
      backend: d.ref.backend,
      output: { quiet: c.quiet ?? true },
      heartbeat,
    });
    return { stage: d.stage, shard: d.index, of: d.count, status: r.status, resuming: r.resuming, seconds: r.seconds };
  } catch (e) {
    throw unrecoverable(e);
  }
}

async function shareFrom(job: Job<JobData>, d: ShareJob, token: string | undefined, c: ProcessContext): Promise<unknown> {
  const primary = await c.queue.getJob(d.primaryId);
  if (!primary)
    throw new UnrecoverableError(
      `${d.run}/${d.stage} shares ${d.primaryRun}/${d.stage} (job ${d.primaryId}), which is no longer in the queue; submit the sweep again.`,
    );
  const state = await primary.getState();
  if (state === 'failed')
    throw new UnrecoverableError(`${d.run}/${d.stage} shares ${d.primaryRun}/${d.stage}, which failed: ${primary.failedReason}`);
  if (state !== 'completed') {
    await job.moveToDelayed(Date.now() + d.pollMs, token);
    throw new DelayedError();
  }
  const linked = d.primaryRunDir === d.runDir ? false : shareStage(join(d.primaryRunDir, d.stage), join(d.runDir, d.stage));
  return { stage: d.stage, from: d.primaryRun, linked };
}

/** The processor every `topiclens worker` runs. */
export async function processJob(job: Job<JobData>, token: string | undefined, c: ProcessContext): Promise<unknown> {
  const d = job.data;
  if ((d.kind === 'stage' || d.kind === 'shard') && c.lockThread && token) {
    const release = c.lockThread.hold(job, token);
    try {
      return await computeJob(job, d, token, c);
    } finally {
      release();
    }
  }
  return computeJob(job, d, token, c);
}

async function computeJob(job: Job<JobData>, d: JobData, token: string | undefined, c: ProcessContext): Promise<unknown> {
  if (d.kind === 'stage') {
    c.log(`worker: ${d.run}/${d.stage} (job ${job.id}, attempt ${job.attemptsMade + 1})`);
    const heartbeat = c.lockDuration ? await lockHeartbeat(c.queue, job, token, c.lockDuration, c.log) : () => {};
    const r = await runStage(d, c, heartbeat);
    c.log(`worker: ${d.run}/${d.stage} done`);
    return r;
  }
  if (d.kind === 'shard') {
    c.log(`worker: ${d.run}/${d.stage} shard ${d.index + 1} of ${d.count} (job ${job.id}, attempt ${job.attemptsMade + 1})`);
    const heartbeat = c.lockDuration ? await lockHeartbeat(c.queue, job, token, c.lockDuration, c.log) : () => {};
    const r = await runShard(d, c, heartbeat);
    c.log(`worker: ${d.run}/${d.stage} shard ${d.index + 1} of ${d.count} done`);
    return r;
  }
  if (d.kind === 'share') return shareFrom(job, d, token, c);
  if (!d.specDir) return { done: true };
  const s = writeSweepSummary(readSpec(d.specDir));
  c.log(`worker: sweep ${d.sweepId} done: ${join(d.specDir, 'sweep.md')}`);
  return { rows: s.rows.length };
}
