import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

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

export const writeJsonAtomic = (path: string, value: unknown): void => writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);

/** Replace directory `path` by the one `fill` writes, atomically (temp dir + rename). */
export async function writeDirAtomic(path: string, fill: (tmpDir: string) => Promise<void> | void): Promise<void> {
  const tmp = tempName(path);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await fill(tmp);
  const old = `${tmp}.old`;
  try {
    renameSync(path, old);
  } catch {
    /* no previous version */
  }
  renameSync(tmp, path);
  rmSync(old, { recursive: true, force: true });
}
