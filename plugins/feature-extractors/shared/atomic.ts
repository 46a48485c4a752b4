import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/** A temp name next to `path` (same folder, so the final rename is atomic). */
export const tempPathFor = (path: string): string => `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;

/**
 * Write `data` to `path` atomically: write a temp file in the same folder, fsync it, rename it
 * over `path`. A crash leaves either the old file or the new one, never a half-written one.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = tempPathFor(path);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(tmp, path);
}

/** Bytes of a typed array, without copying. */
export const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
