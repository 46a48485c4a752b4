import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureMatrix } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';
import { writeFileAtomic } from '../../../core/runner/atomic.js';
import { bytesOf } from '../../feature-extractors/shared/bytes.js';

/**
 * Per-video cache shards of the features stage, in `<stage dir>/shards/`:
 * - `<key>.f32`: 12-byte header (`TLF1` magic, uint32 frames, uint32 dim, little-endian) then
 *   float32 `[frames, dim]`;
 * - `<key>.skip.json`: `{ id, reason }` for a video that could not be read.
 * Each is written atomically, so a shard that exists is complete.
 */
export const SHARD_DIR = 'shards';
const MAGIC = 0x3146_4c54; // 'TLF1' little-endian
const HEADER_BYTES = 12;

/** A file-name-safe key for a video id: readable prefix + hash (ids may hold `/`, spaces, ...). */
export function shardKey(id: string): string {
  const readable = id.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 40);
  const hash = createHash('sha1').update(id).digest('hex').slice(0, 12);
  return `${readable}-${hash}`;
}

export const shardPath = (dir: string, id: string): string => join(dir, SHARD_DIR, `${shardKey(id)}.f32`);
export const skipPath = (dir: string, id: string): string => join(dir, SHARD_DIR, `${shardKey(id)}.skip.json`);

export async function writeShard(dir: string, id: string, m: FeatureMatrix): Promise<void> {
  const buf = new Uint8Array(HEADER_BYTES + m.data.byteLength);
  const view = new DataView(buf.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, m.frames, true);
  view.setUint32(8, m.dim, true);
  buf.set(bytesOf(m.data), HEADER_BYTES);
  writeFileAtomic(shardPath(dir, id), buf);
}

/** The shard of `id`, or undefined when there is none. A corrupt shard is an error naming it. */
export async function readShard(dir: string, id: string): Promise<FeatureMatrix | undefined> {
  const path = shardPath(dir, id);
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const frames = buf.byteLength >= HEADER_BYTES ? view.getUint32(4, true) : 0;
  const dim = buf.byteLength >= HEADER_BYTES ? view.getUint32(8, true) : 0;
  if (buf.byteLength < HEADER_BYTES || view.getUint32(0, true) !== MAGIC || buf.byteLength !== HEADER_BYTES + frames * dim * 4) {
    throw new TopiclensError(
      `Feature cache shard ${path} (video "${id}") is corrupt. Delete it (or the whole stage folder) and run again.`,
    );
  }
  const data = new Float32Array(frames * dim);
  bytesOf(data).set(buf.subarray(HEADER_BYTES));
  return { frames, dim, data };
}

export async function writeSkip(dir: string, id: string, reason: string): Promise<void> {
  writeFileAtomic(skipPath(dir, id), JSON.stringify({ id, reason }));
}

export async function readSkip(dir: string, id: string): Promise<string | undefined> {
  try {
    const parsed = JSON.parse(await readFile(skipPath(dir, id), 'utf8')) as { reason?: unknown };
    return typeof parsed.reason === 'string' ? parsed.reason : 'unreadable (reason not recorded)';
  } catch {
    return undefined;
  }
}
