import type { ConnectionOptions } from 'bullmq';
import { TopiclensError } from '../../../core/errors.js';

/** The one BullMQ queue topiclens uses on a Redis; sweeps tell their jobs apart by sweep id. */
export const QUEUE_NAME = 'topiclens';

/**
 * How a connection behaves when Redis goes away. One-shot commands (`queue status`, submitting a
 * sweep) give up after about 30 s. Long-lived ones (a worker, `--wait`) wait for Redis to come
 * back, however long, saying so once when it goes and once when it is back: a Redis restart must
 * not stop the workers of a sweep.
 */
export interface Reconnect {
  forever: true;
  log: (line: string) => void;
  /** Who is waiting, for the message (`worker`, `sweep`). */
  who: string;
}

/** `redis://[:password@]host:port[/db]` → ioredis options for BullMQ (workers need maxRetriesPerRequest null). */
export function connectionOf(url: string, flag = '--queue', reconnect?: Reconnect): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TopiclensError(`${flag} "${url}": not a URL; write redis://HOST:PORT, e.g. ${flag} redis://10.0.0.5:6379`, 2);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new TopiclensError(`${flag} "${url}": expected a redis:// URL, found ${u.protocol}//`, 2);
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db))
    throw new TopiclensError(`${flag} "${url}": the path must be a database number (redis://host:6379/0), found "/${db}"`, 2);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // Fail fast with a clear message instead of retrying forever when nothing listens there, unless the caller waits out restarts.
    retryStrategy: reconnect ? foreverRetry(url, reconnect) : (times: number) => (times > 20 ? null : Math.min(times * 200, 2000)),
  };
}

/**
 * Retry every ≤ 2 s without end. BullMQ opens several connections per worker; the message about
 * the outage is shared by every connection of one Reconnect (one line when Redis goes away).
 */
function foreverRetry(url: string, r: Reconnect & { down?: number }): (times: number) => number {
  return (times) => {
    if (r.down === undefined) {
      r.down = Date.now();
      r.log(
        `${r.who}: lost Redis at ${url}; reconnecting every 2 s until it is back (a running stage goes on; its result is recorded once Redis answers)`,
      );
    }
    return Math.min(times * 200, 2000);
  };
}

/** Call from a client's `ready` event: prints, once per outage, that Redis is back. */
export function reconnected(url: string, r: Reconnect & { down?: number }): void {
  if (r.down === undefined) return;
  r.log(`${r.who}: Redis at ${url} is back after ${((Date.now() - r.down) / 1000).toFixed(1)} s`);
  r.down = undefined;
}
