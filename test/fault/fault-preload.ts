// Loaded with `--import` into a child run: counts the file-system writes under
// $TOPICLENS_FAULT_DIR (opening for write, writing, renaming, removing, creating folders) and,
// at the $TOPICLENS_FAULT_AT-th, kills the process with SIGKILL before it happens — a crash at an
// exact, reproducible point. With $TOPICLENS_FAULT_TRACE each counted write is listed there
// ("<n> <op> <path>"), which tells the test which stage every point belongs to.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';

const root = process.env.TOPICLENS_FAULT_DIR ? resolve(process.env.TOPICLENS_FAULT_DIR) : undefined;
const killAt = Number(process.env.TOPICLENS_FAULT_AT ?? 0);
const traceFile = process.env.TOPICLENS_FAULT_TRACE;
const appendFileSync = fs.appendFileSync;
let count = 0;
const fdPaths = new Map<number, string>();

const pathOf = (p: unknown): string | undefined =>
  typeof p === 'string' ? resolve(p) : p instanceof URL ? resolve(p.pathname) : undefined;

function point(op: string, path: string | undefined): void {
  if (!root || !path || !(path === root || path.startsWith(`${root}/`))) return;
  count++;
  if (traceFile) appendFileSync(traceFile, `${count} ${op} ${path.slice(root.length + 1)}\n`);
  if (count === killAt) process.kill(process.pid, 'SIGKILL');
}

type AnyFn = (...args: unknown[]) => unknown;
const wrapPath = (obj: Record<string, unknown>, name: string, argIndex = 0) => {
  const orig = obj[name] as AnyFn;
  obj[name] = function (this: unknown, ...args: unknown[]) {
    point(name, pathOf(args[argIndex]));
    return orig.apply(this, args);
  };
};
const writeFlag = (flags: unknown) => typeof flags === 'string' && /[wax+]/.test(flags);

const sync = fs as unknown as Record<string, unknown>;
for (const name of [
  'writeFileSync',
  'appendFileSync',
  'renameSync',
  'rmSync',
  'unlinkSync',
  'mkdirSync',
  'rmdirSync',
  'copyFileSync',
  'linkSync',
  'truncateSync',
])
  wrapPath(sync, name);
const openSync = fs.openSync;
sync.openSync = (path: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
  const p = pathOf(path);
  if (writeFlag(flags)) point('openSync', p);
  const fd = openSync(path, flags ?? 'r', mode);
  if (p && writeFlag(flags)) fdPaths.set(fd, p);
  return fd;
};
for (const name of ['writeSync', 'fsyncSync']) {
  const orig = sync[name] as AnyFn;
  sync[name] = function (this: unknown, fd: number, ...rest: unknown[]) {
    point(name, fdPaths.get(fd));
    return orig.call(this, fd, ...rest);
  };
}
const closeSync = fs.closeSync;
sync.closeSync = (fd: number) => {
  fdPaths.delete(fd);
  return closeSync(fd);
};
const promises = fs.promises as unknown as Record<string, unknown>;
for (const name of ['writeFile', 'appendFile', 'rename', 'rm', 'unlink', 'mkdir', 'rmdir', 'copyFile', 'truncate'])
  wrapPath(promises, name);
syncBuiltinESMExports();
