import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Where the tests' redis-server comes from, or why there is none. */
export function findRedisServer(): { bin: string } | { missing: string } {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    return {
      missing:
        'redis-server is not installed (Debian: apt-get install redis-server); the BullMQ queue tests need a real one and did not run.',
    };
  }
  return { bin: 'redis-server' };
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

export interface TestRedis {
  url: string;
  port: number;
  /** Kill it (SIGKILL by default: a crash or power cut; with persistence, the append-only file is what survives). */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
  /** Start it again on the same port (and, with persistence, the same data folder). */
  restart: () => Promise<void>;
}

/**
 * A throwaway redis-server on a random loopback port (tests only). Without `persistDir` it keeps
 * nothing; with it, the settings plugins/sweep/README.md asks for (append-only file; `always` so a
 * SIGKILL loses no write) and `noeviction`, its files in that folder.
 */
export async function startRedis(o: { persistDir?: string } = {}): Promise<TestRedis> {
  const port = await freePort();
  const persistence = o.persistDir
    ? ['--dir', o.persistDir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
    : ['--save', '', '--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--maxmemory-policy', 'noeviction', ...persistence];
  let child: ChildProcess;
  const start = async () => {
    child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server on port ${port} did not start in 10 s:\n${out}`)), 10_000);
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}) before it was ready:\n${out}`));
      });
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: (signal: NodeJS.Signals = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
    restart: start,
  };
}
