import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';

/** A temp name next to `path` (same folder, so the final rename is atomic). */
const tempPathFor = (path: string): string => `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;

/**
 * Write `path` atomically through `fill`, which writes to an open temp file in the same folder:
 * fsync, then rename over `path`. A crash leaves either the old file or the new one, never a
 * half-written one. Streams large files (e.g. consolidated features) without holding them.
 */
export async function writeAtomicWith<T>(path: string, fill: (fh: FileHandle) => Promise<T>): Promise<T> {
  const tmp = tempPathFor(path);
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
  await rename(tmp, path);
  return result;
}

/** Write `data` to `path` atomically (see writeAtomicWith). */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await writeAtomicWith(path, (fh) => fh.writeFile(data));
}

/** Bytes of a typed array, without copying. */
export const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
