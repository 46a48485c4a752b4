import { hostname } from 'node:os';
import { Queue, Worker } from 'bullmq';
import type { PluginRegistry } from '../../../core/plugin/registry.js';
import { connectionOf, QUEUE_NAME, reconnected, type Reconnect } from './connection.js';
import type { JobData } from './job-data.js';
import { startLockThread } from './lock-thread.js';
import { processJob } from './process-job.js';

export interface WorkerOptions {
  concurrency: number;
  /**
   * How long a job's lock lasts without renewal (ms). The worker renews it every half of this
   * while the job runs; a worker that dies stops renewing, and the job is taken back after at
   * most lockDuration + stalledInterval. That timer needs the event loop, which a stage may block
   * for minutes, so a thread of the worker renews the locks of stage and shard jobs every quarter
   * of this (lock-thread.ts), and their progress ticks renew them too (lock-keeper.ts).
   */
  lockDuration: number;
  /** How often workers look for jobs whose lock expired (ms). */
  stalledInterval: number;
  /** How often one job may be taken back from a dead worker before it is failed. */
  maxStalledCount: number;
  log: (line: string) => void;
}

export const WORKER_DEFAULTS = { concurrency: 1, lockDuration: 300_000, stalledInterval: 60_000, maxStalledCount: 3 };

/** Start a worker; resolves with a function that closes it (waiting for its active jobs). */
export function startWorker(url: string, registry: PluginRegistry, o: WorkerOptions): { worker: Worker; close: () => Promise<void> } {
  const reconnect: Reconnect = { forever: true, log: o.log, who: 'worker' };
  const connection = connectionOf(url, '--queue', reconnect);
  const queue = new Queue(QUEUE_NAME, { connection });
  const name = `${hostname()}:${process.pid}`;
  const lockThread = startLockThread(queue, connection, o.lockDuration, o.log);
  const worker = new Worker<JobData>(
    QUEUE_NAME,
    (job, token) => processJob(job, token, { registry, queue, log: o.log, lockDuration: o.lockDuration, lockThread }),
    {
      connection,
      name,
      concurrency: o.concurrency,
      lockDuration: o.lockDuration,
      stalledInterval: o.stalledInterval,
      maxStalledCount: o.maxStalledCount,
    },
  );
  worker.on('failed', (job, err) => {
    if (job && err?.name !== 'DelayedError') o.log(`worker: job ${job.id} failed (attempt ${job.attemptsMade}): ${err.message}`);
  });
  worker.on('stalled', (id) => o.log(`worker: job ${id} stalled (its worker stopped renewing the lock); it goes back to the queue`));
  // While Redis is down every retry raises ECONNREFUSED here: the outage is reported once, by the connection.
  worker.on('error', (err) => {
    if (!/ECONNREFUSED|ECONNRESET|Connection is closed/.test(err.message)) o.log(`worker: ${err.message}`);
  });
  void worker.client.then((c) => c.on('ready', () => reconnected(url, reconnect)));
  return {
    worker,
    close: async () => {
      await worker.close();
      await lockThread.stop();
      await queue.close();
    },
  };
}
