import { basename } from 'node:path';
import { FlowProducer, Queue } from 'bullmq';
import type { PluginRegistry } from '../../../core/plugin/registry.js';
import { planStages } from '../../../core/runner/plan.js';
import { runDirOf } from '../../../core/runner/run-experiment.js';
import { allRuns, loadSweepRun, runSets, type SweepSpec } from '../spec.js';
import { connectionOf, QUEUE_NAME, reconnected, type Reconnect } from './connection.js';
import { buildFlow, type PlannedRun } from './flow.js';
import { flowSettings, type QueueSettings } from './settings.js';
import { sweepJobs, type JobRow } from './status.js';

/** Plan every run of the sweep and add them as one flow; returns the sweep id (its jobs' ids start with it). */
export async function submitSweep(
  spec: SweepSpec,
  registry: PluginRegistry,
  url: string,
  o: QueueSettings = {},
): Promise<{ sweepId: string; jobs: number; shared: number }> {
  const runs: PlannedRun[] = [];
  for (const run of allRuns(spec)) {
    const loaded = await loadSweepRun(spec, run, registry);
    runs.push({
      name: run.name,
      runDir: runDirOf(loaded),
      ref: { configFile: spec.configFile, cwd: spec.cwd, set: runSets(spec, run), ...(spec.backend ? { backend: spec.backend } : {}) },
      plan: planStages(loaded.config, registry),
    });
  }
  const sweepId = `${basename(spec.dir)}-${Date.now().toString(36)}`;
  const { flow, jobs, shared } = buildFlow(runs, {
    sweepId,
    ...flowSettings(o),
    summary: { specDir: spec.dir },
  });
  await addFlow(url, flow);
  return { sweepId, jobs, shared };
}

export async function addFlow(url: string, flow: Parameters<FlowProducer['add']>[0]): Promise<void> {
  const producer = new FlowProducer({ connection: connectionOf(url) });
  try {
    await producer.add(flow);
  } finally {
    await producer.close();
  }
}

/**
 * Wait until the sweep's last job (the summary) is done; print each change of the job counts.
 * Throws when the summary failed; returns the jobs that failed (a failed run does not stop the summary).
 * Waits out a Redis restart (saying so), as the workers do.
 */
export async function waitForSweep(url: string, sweepId: string, log: (line: string) => void, everyMs = 2000): Promise<JobRow[]> {
  const reconnect: Reconnect = { forever: true, log, who: `sweep ${sweepId}` };
  const queue = new Queue(QUEUE_NAME, { connection: connectionOf(url, '--queue', reconnect) });
  queue.on('error', () => {}); // the outage is reported once, by the connection
  void queue.client.then((c) => c.on('ready', () => reconnected(url, reconnect)));
  try {
    const rootId = `${sweepId}|summary`;
    let last = '';
    for (;;) {
      const root = await queue.getJob(rootId);
      if (!root) throw new Error(`sweep ${sweepId}: its summary job ${rootId} is not in the queue at ${url} (removed?)`);
      const state = await root.getState();
      const line = await progressLine(queue, sweepId);
      if (line !== last) log(`sweep ${sweepId}: ${line}`);
      last = line;
      if (state === 'completed') return (await sweepJobs(queue, sweepId)).filter((j) => j.state === 'failed');
      if (state === 'failed') throw new Error(`sweep ${sweepId}: the summary job failed: ${root.failedReason}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  } finally {
    await queue.close();
  }
}

/** `12 of 29 jobs done, 2 active, 1 failed` for one sweep. */
export async function progressLine(queue: Queue, sweepId: string): Promise<string> {
  const jobs = await sweepJobs(queue, sweepId);
  const by = (s: string) => jobs.filter((j) => j.state === s).length;
  return `${by('completed')} of ${jobs.length} jobs done, ${by('active')} active, ${by('waiting') + by('prioritized')} waiting, ${by('waiting-children')} waiting for upstream, ${by('delayed')} delayed, ${by('failed')} failed`;
}
