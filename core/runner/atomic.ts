import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let counter = 0;
const tempName = (path: string) => `${path}.${process.pid}.${++counter}.tmp`;

/** Write a file so that readers see the old content or the new, never a part (temp + fsync + rename). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempName(path);
  const fd = openSync(tmp, 'w');
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.byteLength) off += writeSync(fd, buf, off, buf.byteLength - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * Write `path` atomically through `fill`, which writes to the open temp file (fsync, then rename
 * over `path`): streams large files, e.g. consolidated features, without holding them. A failing
 * `fill` removes the temp file and leaves `path` as it was.
 */
export async function writeFileAtomicWith<T>(path: string, fill: (fh: FileHandle) => Promise<T>): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempName(path);
  const fh = await open(tmp, 'w');
  let result: T;
  try {
    result = await fill(fh);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  renameSync(tmp, path);
  return result;
}

/** JSON with a final newline, indented by 2 (`compact`: on one line), written atomically. */
export const writeJsonAtomic = (path: string, value: unknown, options: { compact?: boolean } = {}): void =>
  writeFileAtomic(path, `${options.compact ? JSON.stringify(value) : JSON.stringify(value, null, 2)}\n`);

/** `.<name>.tmp-<pid>-<n>` (being filled) and `.<name>.old-<pid>-<n>` (the previous version, moved aside). */
const dirTemp = (path: string, kind: 'tmp' | 'old', id: string) => join(dirname(path), `.${basename(path)}.${kind}-${id}`);

/**
 * Replace directory `path` by the one `fill` writes: the files go to a sibling temp folder, the
 * old folder is moved aside, the new one renamed into place, the old one removed. A kill between
 * the two renames leaves no `path` but its previous version aside: `cleanDebris` (run at every
 * stage start, and by readers of such folders) moves it back, so a reader finds the old version or
 * the new one, never none.
 */
export async function writeDirAtomic(path: string, fill: (tmpDir: string) => Promise<void> | void): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const id = `${process.pid}-${++counter}`;
  const tmp = dirTemp(path, 'tmp', id);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await fill(tmp);
  swapDir(path, tmp, dirTemp(path, 'old', id));
}

/** Move `fresh` to `path`, the previous `path` (if any) aside to `old` and then away. */
export function swapDir(path: string, fresh: string, old: string): void {
  const hadOld = existsSync(path);
  if (hadOld) renameSync(path, old);
  renameSync(fresh, path);
  if (hadOld) rmSync(old, { recursive: true, force: true });
}

const TEMP_DIR = /^\.(.+)\.tmp-\d+-\d+$/;
const OLD_DIR = /^\.(.+)\.old-\d+-\d+$/;
/** `x.<pid>.<n>.tmp` of writeFileAtomic, and `x.<pid>.<n>.tmp.old` of the writeDirAtomic before issue 16. */
const TEMP_FILE = /\.\d+\.\d+\.tmp$/;
const LEGACY_OLD = /^(.+)\.\d+\.\d+\.tmp\.old$/;

/** Whether `name` is a leftover of an atomic write (never a stage output, never hashed). */
export const isDebris = (name: string): boolean =>
  TEMP_DIR.test(name) || OLD_DIR.test(name) || TEMP_FILE.test(name) || LEGACY_OLD.test(name) || name.endsWith('.tmp');

/**
 * Remove what a killed atomic write left under `dir` (temp files, half-filled temp folders), and
 * move a previous version back where a kill between writeDirAtomic's two renames left none.
 * Returns one line per thing done, relative to `dir`. `recursive: false`: `dir` itself only (a run
 * folder, whose sub-folders are stages cleaned when they start, and refine/, which the lineage owns).
 */
export function cleanDebris(dir: string, options: { recursive?: boolean } = {}): string[] {
  const recursive = options.recursive ?? true;
  const done: string[] = [];
  const walk = (d: string, rel: string): void => {
    if (!existsSync(d)) return;
    const names = readdirSync(d).sort();
    for (const name of names) {
      const p = join(d, name);
      const old = OLD_DIR.exec(name) ?? LEGACY_OLD.exec(name);
      if (old) {
        const target = join(d, old[1]!);
        if (!existsSync(target)) {
          renameSync(p, target);
          done.push(`restored ${join(rel, old[1]!)} from ${join(rel, name)} (a write of it was interrupted)`);
        } else {
          rmSync(p, { recursive: true, force: true });
          done.push(`removed ${join(rel, name)}`);
        }
      }
    }
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (isDebris(name)) {
        rmSync(p, { recursive: true, force: true });
        done.push(`removed ${join(rel, name)}`);
      } else if (recursive && statSync(p).isDirectory()) {
        walk(p, join(rel, name));
      }
    }
  };
  walk(dir, '');
  return done;
}
