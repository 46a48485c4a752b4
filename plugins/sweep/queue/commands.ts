import { TopiclensError } from '../../../core/errors.js';
import { defineCommand } from '../../../core/plugin/manifest.js';
import { assertReachable } from './reachable.js';
import { formatStatus, queueStatus } from './status.js';
import { startWorker, WORKER_DEFAULTS } from './worker.js';

const int = (command: string, flag: string, v: unknown, fallback: number, min: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new TopiclensError(`topiclens ${command}: --${flag} must be an integer ≥ ${min}, found "${v}".`, 2);
  return n;
};

const needQueue = (command: string, v: unknown): string => {
  if (typeof v !== 'string' || !v)
    throw new TopiclensError(
      `topiclens ${command}: --queue redis://HOST:PORT is required (the Redis that \`topiclens sweep --queue\` sent the jobs to).`,
      2,
    );
  return v;
};

const workerUsage = `Usage: topiclens worker --queue redis://HOST:PORT [--concurrency N] [--lock-duration MS] [--stalled-interval MS] [--max-stalled N]

Takes jobs that \`topiclens sweep --queue\` (or \`reproduce --queue\`) sent and runs them: one stage of
one run each (or one video range of its features, with --feature-shards), in the run's folder under the shared run root (every machine must see it at the same
path). Runs until stopped (Ctrl-C / SIGTERM finishes the jobs it holds first). A worker that dies
mid-stage loses nothing: after its lock expires another worker takes the job and the stage resumes
from its checkpoint.

  --concurrency N       jobs at once in this process (default 1; stages are CPU-bound and share one
                        thread here: start one worker per core or machine instead for speed)
  --lock-duration MS    a job's lock without renewal (default ${WORKER_DEFAULTS.lockDuration}); a dead worker's job is taken
                        back after at most lock-duration + stalled-interval. A thread of the worker
                        renews it every quarter of this while a stage computes, even one that blocks
                        the event loop; keep it above the longest Redis outage you expect
  --stalled-interval MS how often to look for jobs of dead workers (default ${WORKER_DEFAULTS.stalledInterval})
  --max-stalled N       times one job may be taken back from a dead worker before it fails (default ${WORKER_DEFAULTS.maxStalledCount})`;

export const workerCommand = defineCommand({
  name: 'worker',
  summary: 'Run queued sweep / reproduce jobs from Redis (BullMQ) on this machine',
  usage: workerUsage,
  flags: {
    queue: { type: 'string' },
    concurrency: { type: 'string' },
    'lock-duration': { type: 'string' },
    'stalled-interval': { type: 'string' },
    'max-stalled': { type: 'string' },
  },
  async run({ values }, ctx) {
    const url = needQueue('worker', values.queue);
    const o = {
      concurrency: int('worker', 'concurrency', values.concurrency, WORKER_DEFAULTS.concurrency, 1),
      lockDuration: int('worker', 'lock-duration', values['lock-duration'], WORKER_DEFAULTS.lockDuration, 1000),
      stalledInterval: int('worker', 'stalled-interval', values['stalled-interval'], WORKER_DEFAULTS.stalledInterval, 500),
      maxStalledCount: int('worker', 'max-stalled', values['max-stalled'], WORKER_DEFAULTS.maxStalledCount, 0),
      log: ctx.stderr,
    };
    await assertReachable(url);
    const { worker, close } = startWorker(url, ctx.registry, o);
    await worker.waitUntilReady();
    ctx.stderr(
      `worker: taking jobs from ${url} (concurrency ${o.concurrency}, lock ${o.lockDuration} ms, stalled check every ${o.stalledInterval} ms)`,
    );
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        ctx.stderr(`worker: ${signal}: finishing the jobs it holds, then stopping`);
        void close().then(resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
});

const queueUsage = `Usage: topiclens queue status --queue redis://HOST:PORT [--sweep ID] [--all] [--json]

Shows, from any machine that reaches the Redis, every sweep on the queue: how many of its jobs are
done, and each job not done yet (active ones with their worker and for how long, waiting, waiting
for upstream stages, delayed, failed with their error and attempts).

  --sweep ID   one sweep only (the id \`topiclens sweep --queue\` printed)
  --all        list completed jobs too
  --json       the jobs as JSON`;

export const queueCommand = defineCommand({
  name: 'queue',
  summary: 'Show the progress of queued sweeps: waiting / active / failed jobs with their runs and stages',
  usage: queueUsage,
  flags: {
    queue: { type: 'string' },
    sweep: { type: 'string' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }, ctx) {
    if (positionals[0] !== 'status')
      throw new TopiclensError(`topiclens queue: expected \`topiclens queue status\`, found "${positionals.join(' ')}".`, 2);
    const url = needQueue('queue', values.queue);
    await assertReachable(url);
    const rows = await queueStatus(url, values.sweep as string | undefined);
    ctx.stdout(values.json ? JSON.stringify(rows, null, 2) : formatStatus(url, rows, { all: Boolean(values.all) }));
    return 0;
  },
});
