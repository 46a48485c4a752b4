import type { FlowJob } from 'bullmq';
import type { PlannedStage } from '../../../core/runner/plan.js';
import { QUEUE_NAME } from './connection.js';
import type { JobData, RunRef, RunStageFields, ShardJob, ShareJob, StageJob } from './job-data.js';

export interface PlannedRun {
  name: string;
  runDir: string;
  ref: RunRef;
  plan: PlannedStage[];
}

export interface FlowOptions {
  sweepId: string;
  /** Attempts of a stage job before it is reported failed (BullMQ `attempts`, exponential backoff). */
  attempts: number;
  pollMs: number;
  /**
   * Stages to split into shard jobs, by name → number of shards (`--feature-shards N`: features →
   * N). Only stages that read no other stage; 1 (or absent) = one job, as without.
   */
  shards?: Record<string, number>;
  /** The root: a summary job for a sweep; absent → one tree per run, under a no-op root. */
  summary?: { specDir: string };
}

/** A job's id: sweep, run, stage (and what tells shard and share jobs apart); BullMQ custom ids may not hold ':'. */
export const jobIdOf = (...parts: string[]): string => parts.join('|').replace(/:/g, '_');
const idOf = jobIdOf;

/**
 * The sweep as one BullMQ flow. BullMQ flows are trees (a job has one parent), while stages form
 * a DAG (train is read by evaluate, attribute and report; the features of a seed by every λ). So
 * each plan key gets exactly one computing job — the first place the walk meets it — and every
 * other place that needs it gets a share job: a leaf that waits for that job and then links its
 * folder in. Walks go from each run's last stages to its first, runs in grid order; a share job
 * only ever waits for a job of an upstream key, so nothing can wait in a circle.
 */
export function buildFlow(runs: PlannedRun[], o: FlowOptions): { flow: FlowJob; jobs: number; shared: number } {
  const computed = new Map<string, { id: string; run: PlannedRun }>();
  let jobs = 0;
  let shared = 0;
  const stageOpts = (jobId: string) => ({
    jobId,
    attempts: o.attempts,
    backoff: { type: 'exponential', delay: 2000 },
    failParentOnFailure: true,
    removeOnComplete: false,
    removeOnFail: false,
  });

  const visit = (run: PlannedRun, name: string, parent: string): FlowJob => {
    const st = run.plan.find((p) => p.name === name)!;
    const first = computed.get(st.key);
    jobs++;
    if (first) {
      shared++;
      const data: ShareJob = {
        kind: 'share',
        sweepId: o.sweepId,
        run: run.name,
        runDir: run.runDir,
        stage: name,
        key: st.key,
        primaryId: first.id,
        primaryRun: first.run.name,
        primaryRunDir: first.run.runDir,
        pollMs: o.pollMs,
      };
      return {
        name: `${run.name}/${name} (shared)`,
        queueName: QUEUE_NAME,
        data: data satisfies JobData,
        opts: { ...stageOpts(idOf(o.sweepId, run.name, name, 'for', parent)), attempts: 1 },
      };
    }
    const id = idOf(o.sweepId, run.name, name);
    computed.set(st.key, { id, run });
    const children = st.deps.map((d) => visit(run, d, name));
    const fields: RunStageFields = { sweepId: o.sweepId, run: run.name, runDir: run.runDir, stage: name, key: st.key, ref: run.ref };
    // A stage split into shards: its job consolidates, the shard jobs are its children (`--from` re-runs stay whole).
    const count = st.deps.length === 0 && !run.ref.from ? (o.shards?.[name] ?? 1) : 1;
    for (let index = 0; count > 1 && index < count; index++) {
      jobs++;
      const shard: ShardJob = { kind: 'shard', ...fields, index, count };
      children.push({
        name: `${run.name}/${name} shard ${index + 1}/${count}`,
        queueName: QUEUE_NAME,
        data: shard satisfies JobData,
        opts: stageOpts(idOf(o.sweepId, run.name, name, `shard-${index + 1}-of-${count}`)),
      });
    }
    const data: StageJob = { kind: 'stage', ...fields, ...(count > 1 ? { shards: count } : {}) };
    return {
      name: `${run.name}/${name}`,
      queueName: QUEUE_NAME,
      data: data satisfies JobData,
      opts: stageOpts(id),
      ...(children.length ? { children } : {}),
    };
  };

  const roots: FlowJob[] = [];
  for (const run of runs) {
    const read = new Set(run.plan.flatMap((p) => p.deps));
    for (const sink of run.plan.filter((p) => !read.has(p.name))) {
      const tree = visit(run, sink.name, 'sweep');
      // One failed run must not stop the sweep's summary: the root goes on without it.
      roots.push({ ...tree, opts: { ...tree.opts, failParentOnFailure: false, ignoreDependencyOnFailure: true } });
    }
  }
  jobs++;
  const flow: FlowJob = {
    name: 'sweep.md',
    queueName: QUEUE_NAME,
    data: { kind: 'summary', sweepId: o.sweepId, specDir: o.summary?.specDir ?? '' } satisfies JobData,
    opts: { jobId: idOf(o.sweepId, 'summary'), attempts: 2, removeOnComplete: false, removeOnFail: false },
    children: roots,
  };
  return { flow, jobs, shared };
}
