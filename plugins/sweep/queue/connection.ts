import type { ConnectionOptions } from 'bullmq';
import { TopiclensError } from '../../../core/errors.js';

/** The one BullMQ queue topiclens uses on a Redis; sweeps tell their jobs apart by sweep id. */
export const QUEUE_NAME = 'topiclens';

/** `redis://[:password@]host:port[/db]` → ioredis options for BullMQ (workers need maxRetriesPerRequest null). */
export function connectionOf(url: string, flag = '--queue'): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TopiclensError(`${flag} "${url}": not a URL; write redis://HOST:PORT, e.g. ${flag} redis://10.0.0.5:6379`, 2);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new TopiclensError(`${flag} "${url}": expected a redis:// URL, found ${u.protocol}//`, 2);
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) throw new TopiclensError(`${flag} "${url}": the path must be a database number (redis://host:6379/0), found "/${db}"`, 2);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // Fail fast with a clear message instead of retrying forever when nothing listens there.
    retryStrategy: (times: number) => (times > 20 ? null : Math.min(times * 200, 2000)),
  };
}
