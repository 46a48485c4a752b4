import { connect } from 'node:net';
import { TopiclensError } from '../../../core/errors.js';
import { connectionOf } from './connection.js';

/** Fail fast, saying what to do, when nothing listens at the queue's address (BullMQ would retry quietly). */
export async function assertReachable(url: string, flag = '--queue', timeoutMs = 3000): Promise<void> {
  const c = connectionOf(url, flag) as { host: string; port: number };
  const problem = await new Promise<string | undefined>((resolve) => {
    const socket = connect({ host: c.host, port: c.port });
    const done = (p: string | undefined) => {
      socket.destroy();
      resolve(p);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer in ${timeoutMs / 1000} s`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
  if (problem) {
    throw new TopiclensError(
      `${flag} ${url}: cannot reach Redis at ${c.host}:${c.port} (${problem}). Start redis-server there (see plugins/sweep/README.md for its settings) or fix the address.`,
      2,
    );
  }
}
