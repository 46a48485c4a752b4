import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Split } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';
import { closest } from '../../../core/suggest.js';
import { bytesOf } from '../../feature-extractors/shared/bytes.js';
import { FEATURES_FILE, INDEX_FILE, type FeatureIndex, type FeatureIndexEntry } from './consolidate.js';

/** The features stage's output, loaded in memory. */
export interface FeatureStore {
  /** Feature size per frame. */
  dim: number;
  /** Video ids in data-set order (skipped videos excluded). */
  ids: string[];
  /** Videos the stage could not read, with why. */
  skipped: { id: string; reason: string }[];
  splitOf(id: string): Split;
  labelOf(id: string): string | undefined;
  framesOf(id: string): number;
  /** `[frames, dim]` row-major: a view into the store (do not write to it). */
  get(id: string): Float32Array;
  /** Zero-padded `[B, maxFrames, dim]` and each video's real frame count. */
  batch(ids: readonly string[]): { data: Float32Array; frames: number[] };
}

/** Load `features.f32` + `index.json` from the features stage folder `dir`. */
export async function readFeatures(dir: string): Promise<FeatureStore> {
  const indexPath = join(dir, INDEX_FILE);
  const featuresPath = join(dir, FEATURES_FILE);
  let index: FeatureIndex;
  try {
    index = JSON.parse(await readFile(indexPath, 'utf8')) as FeatureIndex;
  } catch (err) {
    throw new TopiclensError(`Cannot read the feature index ${indexPath}: ${(err as Error).message}. Run the "features" stage first.`);
  }
  if (!Number.isInteger(index.dim) || index.dim < 1 || !Array.isArray(index.videos)) {
    throw new TopiclensError(
      `${indexPath} is not a feature index (needs an integer "dim" and a "videos" array). Delete the stage folder and run again.`,
    );
  }
  const { dim } = index;
  const total = index.videos.reduce((n, v) => n + v.frames * dim, 0);
  const size = (await stat(featuresPath).catch(() => undefined))?.size;
  if (size !== total * 4) {
    throw new TopiclensError(
      `${featuresPath} holds ${size === undefined ? 'nothing (missing)' : `${size} bytes`}, but ${indexPath} describes ${total} float32 values (${total * 4} bytes). Delete the stage folder and run again.`,
    );
  }
  const data = new Float32Array(total);
  const fh = await open(featuresPath, 'r');
  try {
    const bytes = bytesOf(data);
    let pos = 0;
    while (pos < bytes.length) {
      const { bytesRead } = await fh.read(bytes, pos, Math.min(bytes.length - pos, 1 << 26), pos);
      if (bytesRead === 0) throw new TopiclensError(`${featuresPath} ended early at byte ${pos}.`);
      pos += bytesRead;
    }
  } finally {
    await fh.close();
  }

  const byId = new Map<string, FeatureIndexEntry>(index.videos.map((v) => [v.id, v]));
  const ids = index.videos.map((v) => v.id);
  const entry = (id: string): FeatureIndexEntry => {
    const e = byId.get(id);
    if (e) return e;
    const skip = index.skipped?.find((s) => s.id === id);
    if (skip) throw new TopiclensError(`Video "${id}" has no features: the features stage skipped it (${skip.reason}).`);
    const guess = closest(id, ids);
    throw new TopiclensError(`Video "${id}" is not in the feature store ${dir}${guess ? `; did you mean "${guess}"?` : ''}.`);
  };
  const get = (id: string): Float32Array => {
    const e = entry(id);
    return data.subarray(e.offset, e.offset + e.frames * dim);
  };
  return {
    dim,
    ids,
    skipped: index.skipped ?? [],
    splitOf: (id) => entry(id).split,
    labelOf: (id) => entry(id).label,
    framesOf: (id) => entry(id).frames,
    get,
    batch(batchIds) {
      const frames = batchIds.map((id) => entry(id).frames);
      const maxFrames = Math.max(0, ...frames);
      const out = new Float32Array(batchIds.length * maxFrames * dim);
      batchIds.forEach((id, b) => {
        out.set(get(id), b * maxFrames * dim);
      });
      return { data: out, frames };
    },
  };
}
