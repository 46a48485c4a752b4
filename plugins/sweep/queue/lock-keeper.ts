import type { Job, Queue } from 'bullmq';

// BullMQ's extendLock-2.lua: renew the lock only while it is still this token's, and take the job off the stalled list.
export const EXTEND_LOCK = `if redis.call("GET", KEYS[1]) == ARGV[1] then
  if redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2]) then
    redis.call("SREM", KEYS[2], ARGV[3])
    return 1
  end
end
return 0`;

/**
 * A heartbeat for one job that renews its lock from inside the stage's computation.
 *
 * BullMQ renews locks from a timer, which cannot fire while a stage computes without yielding to
 * the event loop (tfjs training runs batch after batch synchronously); past `lockDuration` another
 * worker takes the job for stalled and two workers compute one stage. The stage's logger calls the
 * heartbeat on every progress tick and record. The renewal is sent with the connection's socket
 * write, which happens at once (no await in between), so Redis sees it even while this thread
 * stays busy; the reply is read whenever the event loop next runs. At most one renewal per
 * quarter of the lock. The lock thread (lock-thread.ts) also renews it on a timer of its own, so
 * stretches without ticks are covered too; this path remains for when that thread cannot start.
 */
export async function lockHeartbeat(
  queue: Queue,
  job: Job,
  token: string | undefined,
  lockDuration: number,
  log: (line: string) => void,
): Promise<() => void> {
  if (!token) return () => {};
  // The ioredis client under BullMQ's own client type.
  const client = (await queue.client) as unknown as { eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown> };
  const keys = [`${queue.toKey(job.id!)}:lock`, queue.keys.stalled!];
  // The first beat (the stage's start) always renews: BullMQ's timer may have renewed up to half a lock ago.
  let last = 0;
  let warned = false;
  return () => {
    const now = Date.now();
    if (now - last < lockDuration / 4) return;
    last = now;
    client.eval(EXTEND_LOCK, 2, ...keys, token, lockDuration, job.id!).then(
      async (ok: unknown) => {
        // A renewal in flight when the job completed finds no lock: only an active job's lock is lost.
        if (ok !== 1 && !warned && (await job.isActive().catch(() => true))) {
          warned = true;
          log(
            `worker: job ${job.id}: its lock is no longer this worker's (taken back as stalled?); another worker may be running the same stage`,
          );
        }
      },
      (e: Error) => log(`worker: job ${job.id}: could not renew its lock: ${e.message}`),
    );
  };
}
