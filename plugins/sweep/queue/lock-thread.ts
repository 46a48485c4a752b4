import { createRequire } from 'node:module';
import { Worker as Thread } from 'node:worker_threads';
import type { ConnectionOptions, Job, Queue } from 'bullmq';
import { EXTEND_LOCK } from './lock-keeper.js';

/**
 * The thread's code (plain CommonJS: worker threads do not get the tsx loader of a checkout). It
 * holds its own Redis connection and renews the lock of every job it is told about, every
 * `everyMs`, on its own event loop: a stage that blocks the main thread for minutes without a
 * progress tick (one long tfjs call) keeps its job. When the process dies, the thread dies with it
 * and the lock expires as before, so a dead worker's job is still taken back.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Redis = require(workerData.ioredis);
const redis = new Redis({ ...workerData.connection, maxRetriesPerRequest: null, retryStrategy: (t) => Math.min(t * 200, 2000) });
redis.on('error', () => {}); // the main thread's connection reports outages
const held = new Map();
const renew = (id, h) =>
  redis.eval(workerData.script, 2, h.lockKey, h.stalledKey, h.token, workerData.lockDuration, id).then(
    (ok) => {
      if (ok !== 1 && held.get(id) === h && !h.lost) {
        h.lost = true;
        parentPort.postMessage({ lost: id });
      }
    },
    () => {},
  );
const timer = setInterval(() => held.forEach((h, id) => renew(id, h)), workerData.everyMs);
parentPort.on('message', (m) => {
  if (m.hold) {
    held.set(m.hold.id, m.hold);
    renew(m.hold.id, m.hold);
  } else if (m.release) {
    held.delete(m.release);
  } else if (m.stop) {
    clearInterval(timer);
    held.clear();
    redis.quit().catch(() => {}).finally(() => parentPort.close());
  }
});
`;

export interface LockThread {
  /** Renew this job's lock until `release` (call before the stage starts computing). */
  hold(job: Job, token: string): () => void;
  stop(): Promise<void>;
}

/** The Redis address of `connection` without what cannot cross to a thread (retry functions). */
const plainConnection = (c: ConnectionOptions): Record<string, unknown> => {
  const o = c as Record<string, unknown>;
  return Object.fromEntries(['host', 'port', 'username', 'password', 'db', 'tls'].filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
};

/** One lock-renewing thread per worker process, renewing every quarter of the lock. */
export function startLockThread(
  queue: Queue,
  connection: ConnectionOptions,
  lockDuration: number,
  log: (line: string) => void,
): LockThread {
  const ioredis = createRequire(import.meta.url).resolve('ioredis');
  const thread = new Thread(THREAD_SOURCE, {
    eval: true,
    workerData: {
      ioredis,
      connection: plainConnection(connection),
      lockDuration,
      everyMs: Math.max(250, Math.floor(lockDuration / 4)),
      script: EXTEND_LOCK,
    },
  });
  thread.unref();
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    thread.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  thread.on('error', (e) =>
    log(`worker: the lock-renewing thread failed (${e.message}); locks are renewed only while the event loop runs and on progress ticks`),
  );
  // Jobs this process still runs: a renewal that fails after the job finished (BullMQ removed its
  // lock on completion while a renewal was in flight) is not a loss.
  const running = new Set<string>();
  thread.on('message', (m: { lost?: string }) => {
    if (m.lost && running.has(m.lost))
      log(
        `worker: job ${m.lost}: its lock is no longer this worker's (taken back as stalled?); another worker may be running the same stage`,
      );
  });
  const stalledKey = queue.keys.stalled!;
  return {
    hold(job, token) {
      const id = job.id!;
      if (exited) return () => {};
      running.add(id);
      thread.postMessage({ hold: { id, lockKey: `${queue.toKey(id)}:lock`, stalledKey, token } });
      return () => {
        running.delete(id);
        if (!exited) thread.postMessage({ release: id });
      };
    },
    stop: async () => {
      if (exited) return;
      thread.postMessage({ stop: true });
      const timer = setTimeout(() => void thread.terminate(), 2000);
      await gone;
      clearTimeout(timer);
    },
  };
}
