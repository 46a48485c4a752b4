import { join } from 'node:path';
import type { DatasetInfo, Split } from '../../../core/contracts/dataset.js';
import { writeFileAtomic, writeFileAtomicWith } from '../../../core/runner/atomic.js';
import { bytesOf } from '../../feature-extractors/shared/bytes.js';
import { readShard } from './shards.js';

export const FEATURES_FILE = 'features.f32';
export const INDEX_FILE = 'index.json';

/** One video's entry in `index.json`. `offset` counts float32 elements from the start of `features.f32`. */
export interface FeatureIndexEntry {
  id: string;
  split: Split;
  frames: number;
  offset: number;
  label?: string;
}

/** A video the stage could not use; `odd` when its feature size differs from the majority's. */
export interface SkippedVideo {
  id: string;
  reason: string;
  odd?: true;
}

/** `index.json` of the features stage. */
export interface FeatureIndex {
  dim: number;
  videos: FeatureIndexEntry[];
  skipped: SkippedVideo[];
  /** What the data set itself left out, by reason (`problem` marks lost data). */
  datasetSkipped?: DatasetInfo['skipped'];
}

export interface DoneVideo {
  id: string;
  split: Split;
  label?: string;
}

/**
 * Concatenate the shards of `done` (in that order) into `features.f32` and write `index.json`.
 * Both are written atomically (temp + rename); `index.json` goes last, so its presence means the
 * store is complete. Streams shard by shard: memory stays at one video.
 */
export async function consolidate(
  dir: string,
  dim: number,
  done: DoneVideo[],
  skipped: SkippedVideo[],
  datasetSkipped: DatasetInfo['skipped'] = [],
): Promise<FeatureIndex> {
  const featuresPath = join(dir, FEATURES_FILE);
  const videos: FeatureIndexEntry[] = [];
  await writeFileAtomicWith(featuresPath, async (fh) => {
    let offset = 0;
    for (const v of done) {
      const m = await readShard(dir, v.id);
      if (!m) throw new Error(`internal: shard of "${v.id}" vanished during consolidation`);
      await fh.write(bytesOf(m.data));
      videos.push({ id: v.id, split: v.split, frames: m.frames, offset, ...(v.label !== undefined ? { label: v.label } : {}) });
      offset += m.frames * dim;
    }
  });
  const index: FeatureIndex = { dim, videos, skipped, datasetSkipped };
  writeFileAtomic(join(dir, INDEX_FILE), `${JSON.stringify(index, null, 1)}\n`);
  return index;
}
