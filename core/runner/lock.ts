import { closeSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { TopiclensError } from '../errors.js';

/** Who holds a lock: written into the lock file when it is taken. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  /** What the holder is doing (e.g. `topiclens run exp.json`). */
  command: string;
}

export interface HeldLock {
  file: string;
  holder: LockHolder;
  /** Give the lock up (only removes the file while it is still this holder's). */
  release(): void;
}

/** A second writer: the lock is held by a live process (or one on another host). */
export class LockHeldError extends TopiclensError {
  constructor(
    message: string,
    readonly holder: LockHolder | null,
  ) {
    super(message, 1);
  }
}

const held = new Map<string, LockHolder>();
let exitHookInstalled = false;

/** A lock file created by a process that died before writing it is this old at most while being written. */
const UNWRITTEN_GRACE_MS = 10_000;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function readHolder(file: string): LockHolder | null | 'missing' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}

const describeHolder = (h: LockHolder) => `pid ${h.pid} on ${h.host} since ${h.startedAt} (${h.command})`;

/**
 * Take the lock `file` for `what` (e.g. "run folder runs/quick"): created with O_EXCL (`wx`), so
 * of two writers exactly one gets it; it records the holder's PID, host, start time and command.
 * Held by a live process (or by one on another host, which cannot be checked): throws
 * LockHeldError at once, naming the holder. Held by a dead process of this host: reclaimed, with
 * a `notice`. Released by `release()`, or at the latest when this process exits.
 */
export function acquireLock(file: string, what: string, notice: (line: string) => void = () => {}): HeldLock {
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: commandLine() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const other = readHolder(file);
      if (other === 'missing') continue; // released meanwhile
      if (other === null) {
        // Created but never written: its creator died right after open, unless it is being written now.
        if (Date.now() - statSync(file).mtimeMs < UNWRITTEN_GRACE_MS)
          throw new LockHeldError(`${what} is being locked by another process (${file} is empty); try again in a moment.`, null);
        notice(`${what}: removed the unreadable lock ${file} (its writer died while taking it)`);
        unlinkIfSame(file, null);
        continue;
      }
      const mine = other.pid === process.pid && other.host === holder.host;
      if (other.host === holder.host && (mine ? !held.has(file) : !alive(other.pid))) {
        notice(`${what}: reclaimed the stale lock ${file} of ${describeHolder(other)}: that process is no longer running`);
        unlinkIfSame(file, other);
        continue;
      }
      const gone =
        other.host === holder.host ? 'if it is not a topiclens process (its pid was reused)' : `if that process on ${other.host} is gone`;
      throw new LockHeldError(`${what} is in use by ${describeHolder(other)}. Wait for it to finish; ${gone}, delete ${file}.`, other);
    }
    try {
      writeSync(fd, JSON.stringify(holder));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    held.set(file, holder);
    installExitHook();
    return {
      file,
      holder,
      release: () => {
        if (held.get(file) !== holder) return;
        held.delete(file);
        unlinkIfSame(file, holder);
      },
    };
  }
  throw new LockHeldError(`${what}: could not take ${file} (other processes keep taking and releasing it); try again.`, null);
}

/** Remove `file` if it still names `expected` (null: still unreadable), so a lock taken meanwhile by another survives. */
function unlinkIfSame(file: string, expected: LockHolder | null): void {
  const now = readHolder(file);
  if (now === 'missing') return;
  const same =
    expected === null
      ? now === null
      : now !== null && now.pid === expected.pid && now.host === expected.host && now.startedAt === expected.startedAt;
  if (!same) return;
  try {
    unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** The holder of `file`, or null when it is free (or unreadable). */
export function lockHolder(file: string): LockHolder | null {
  const h = readHolder(file);
  return h === 'missing' ? null : h;
}

/** Hold `file` while `fn` runs. */
export async function withLock<T>(file: string, what: string, fn: () => Promise<T>, notice?: (line: string) => void): Promise<T> {
  const lock = acquireLock(file, what, notice);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

function commandLine(): string {
  const args = process.argv.slice(1).map((a) => a.replace(/^.*[/\\](?=[^/\\]+$)/, ''));
  return args.join(' ').slice(0, 200) || 'node';
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [file, holder] of held) unlinkIfSame(file, holder);
    held.clear();
  });
}
