import { Queue, type Job } from 'bullmq';
import type { LoadedConfig } from '../../../core/config/types.js';
import { TopiclensError } from '../../../core/errors.js';
import type { PluginRegistry } from '../../../core/plugin/registry.js';
import { planStages } from '../../../core/runner/plan.js';
import { runDirOf, type StageOutcome } from '../../../core/runner/run-experiment.js';
import { connectionOf, QUEUE_NAME } from './connection.js';
import { buildFlow, jobIdOf } from './flow.js';
import type { JobData, RunRef } from './job-data.js';
import { flowSettings, type QueueSettings } from './settings.js';
import { addFlow, waitForSweep } from './submit.js';

/**
 * Run one experiment's stages on the queue's workers and wait for them (`reproduce --queue`).
 * `ref` must rebuild `loaded` on any machine. Throws, naming each failed stage and its error,
 * when a stage failed every attempt. Returns what the workers did with each stage, in run order:
 * `ran` (with its seconds; a sharded stage's include its shard jobs') or `cached`.
 */
export async function runQueued(
  url: string,
  loaded: LoadedConfig,
  ref: RunRef,
  registry: PluginRegistry,
  o: { log: (line: string) => void } & QueueSettings,
): Promise<StageOutcome[]> {
  const name = loaded.config.name;
  const sweepId = `${name}-${Date.now().toString(36)}`;
  const plan = planStages(loaded.config, registry);
  const { flow, jobs } = buildFlow([{ name, runDir: runDirOf(loaded), ref, plan }], {
    sweepId,
    ...flowSettings(o),
  });
  await addFlow(url, flow);
  o.log(`queue: ${name}: ${jobs} jobs sent to ${url} (follow with \`topiclens queue status --queue ${url} --sweep ${sweepId}\`)`);
  const failed = await waitForSweep(url, sweepId, o.log);
  if (failed.length) {
    throw new TopiclensError(
      `${name}: ${failed.length} job(s) failed on the queue:\n${failed.map((f) => `  ${f.run}/${f.stage} (attempts ${f.attemptsMade}): ${f.error ?? 'no error recorded'}`).join('\n')}`,
    );
  }
  return queuedOutcomes(
    url,
    sweepId,
    name,
    plan.map((p) => p.name),
    flowSettings(o).shards.features,
  );
}

/** What the stage jobs of a one-run flow returned (process-job.ts), in `order`; a sharded stage's seconds include its shard jobs'. */
async function queuedOutcomes(url: string, sweepId: string, run: string, order: string[], featureShards: number): Promise<StageOutcome[]> {
  const queue = new Queue(QUEUE_NAME, { connection: connectionOf(url) });
  const returned = async (id: string) =>
    ((await queue.getJob(id)) as Job<JobData> | undefined)?.returnvalue as
      | { status?: StageOutcome['status']; seconds?: number; outputHash?: string; adopted?: unknown }
      | undefined;
  try {
    const out: StageOutcome[] = [];
    for (const stage of order) {
      const r = await returned(jobIdOf(sweepId, run, stage));
      if (!r?.status) continue;
      let seconds = r.seconds ?? 0;
      let status = r.status;
      for (let i = 1; r.adopted && i <= featureShards; i++) {
        const shard = await returned(jobIdOf(sweepId, run, stage, `shard-${i}-of-${featureShards}`));
        if (shard?.status === 'ran') [status, seconds] = ['ran', seconds + (shard.seconds ?? 0)];
      }
      out.push({ name: stage, status, seconds, ...(r.outputHash ? { outputHash: r.outputHash } : {}) });
    }
    return out;
  } finally {
    await queue.close();
  }
}
