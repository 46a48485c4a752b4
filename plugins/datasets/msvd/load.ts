import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetInfo, Split, VideoRecord, VideoSource } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';
import { allowMissingOf, type AllowMissing } from '../shared/allow-missing.js';
import { readFeatureNpy } from '../shared/npy.js';
import { SkipLog } from '../shared/skipped.js';
import { readSplitFile } from '../shared/split-file.js';
import { readMapping, readMsvdCsv } from './corpus.js';

export interface MsvdOptions {
  /** Path of `MSR Video Description Corpus.csv`. */
  csv: string;
  /** Folder of the clips as videos: `<videos>/<VideoID_Start_End><videoExtension>`. */
  videos?: string;
  videoExtension: string;
  /** Folder of precomputed per-clip features: `<features>/<VideoID_Start_End>.npy`, float32 [frames, dim]. */
  features?: string;
  /** Optional `youtube_mapping.txt` (`<clip> vid<N>` lines): fixes the vid numbering exactly. */
  mapping?: string;
  /** How clips are numbered vid1..vidN without a mapping file. */
  ordering: 'sorted' | 'csv';
  /** Clips per split, taken in vid order: the standard 1200/100/670. */
  split: { train: number; val: number; test: number };
  /** Optional file of `<clip> <split>` lines that overrides the split sizes. */
  splitFile?: string;
  /** Record ids: the clip name, or the vid number. */
  ids: 'clip' | 'vid';
  language: string;
  /** Throw on the first malformed csv row instead of skipping it. */
  strict: boolean;
  /** How many lost videos / caption rows a run accepts (default none). */
  allowMissing?: Partial<AllowMissing>;
}

async function listFiles(dir: string, what: string): Promise<Set<string>> {
  try {
    return new Set(await readdir(dir));
  } catch (e) {
    throw new TopiclensError(`${dir}: cannot list the ${what} folder (${(e as Error).message})`);
  }
}

export async function loadMsvd(o: MsvdOptions): Promise<{ videos: VideoRecord[]; info: DatasetInfo }> {
  if (!o.videos === !o.features) {
    throw new TopiclensError('msvd: set exactly one of "videos" (folder of <clip>.avi files) or "features" (folder of <clip>.npy files)');
  }
  const skipped = new SkipLog();
  const clips = await readMsvdCsv(o.csv, o.language, o.strict, skipped);
  if (clips.length === 0) {
    throw new TopiclensError(`${o.csv}: no clip has a ${o.language} description.\n${skipped.summary()}`);
  }
  const dir = (o.videos ?? o.features)!;
  const ext = o.videos ? o.videoExtension : '.npy';
  const present = await listFiles(dir, o.videos ? 'videos' : 'features');
  const fileOf = (clip: string): string => join(dir, `${clip}${ext}`);

  // Number the clips vid1..vidN.
  let numbered: { clip: string; captions: string[]; n: number }[];
  const byClip = new Map(clips.map((c) => [c.clip, c]));
  if (o.mapping) {
    const mapping = await readMapping(o.mapping);
    numbered = [];
    for (const [clip, n] of [...mapping.entries()].sort((a, b) => a[1] - b[1])) {
      const c = byClip.get(clip);
      if (!c) {
        skipped.add(`mapped clip has no ${o.language} description in the csv`, `${clip} (vid${n})`, 'video');
        continue;
      }
      if (!present.has(`${clip}${ext}`)) {
        skipped.add(o.videos ? 'video file missing' : 'feature file missing', fileOf(clip), 'video');
        continue;
      }
      numbered.push({ clip, captions: c.captions, n });
    }
    for (const c of clips) if (!mapping.has(c.clip)) skipped.add('clip not in the mapping file', `${c.clip} (${o.csv}:${c.line})`);
  } else {
    const described = new Set(clips.map((c) => `${c.clip}${ext}`));
    for (const f of [...present].sort()) {
      if (f.endsWith(ext) && !described.has(f))
        skipped.add(`${o.videos ? 'video' : 'feature'} file with no ${o.language} description in the csv`, join(dir, f), 'video');
    }
    const available = clips.filter((c) => {
      if (present.has(`${c.clip}${ext}`)) return true;
      skipped.add(o.videos ? 'video file missing' : 'feature file missing', fileOf(c.clip), 'video');
      return false;
    });
    // youtube_mapping.txt (the usual vid numbering) lists the YouTubeClips files in sorted order.
    if (o.ordering === 'sorted') available.sort((a, b) => (a.clip < b.clip ? -1 : a.clip > b.clip ? 1 : 0));
    numbered = available.map((c, i) => ({ clip: c.clip, captions: c.captions, n: i + 1 }));
  }
  if (numbered.length === 0) {
    throw new TopiclensError(
      `msvd: no usable clip: none of the ${clips.length} clips described in ${o.csv} has a ${o.videos ? 'video' : 'feature'} file in ${dir}.\n${skipped.summary()}`,
    );
  }

  // Splits.
  const splitOf = new Map<string, Split>();
  if (o.splitFile) {
    const listed = await readSplitFile(o.splitFile);
    const known = new Set(numbered.map((c) => c.clip));
    const described = new Set(clips.map((c) => c.clip));
    for (const [id, s] of listed) {
      if (known.has(id)) splitOf.set(id, s);
      // A described clip without its file is already counted as missing.
      else if (!described.has(id)) skipped.add('split file names a clip the csv does not describe', `${id} (${o.splitFile})`, 'video');
    }
    for (const c of numbered) if (!listed.has(c.clip)) skipped.add('clip not in the split file', c.clip);
  } else {
    const { train, val, test } = o.split;
    // Split by rank: with a mapping, ranks follow vid numbers; missing clips do not shift others.
    numbered.forEach((c, i) => {
      const rank = o.mapping ? c.n - 1 : i;
      if (rank < train) splitOf.set(c.clip, 'train');
      else if (rank < train + val) splitOf.set(c.clip, 'val');
      else if (rank < train + val + test) splitOf.set(c.clip, 'test');
      else skipped.add('beyond the configured split sizes', `${c.clip} (vid${c.n})`);
    });
  }
  const counts = { train: 0, val: 0, test: 0 };
  for (const s of splitOf.values()) counts[s]++;
  for (const s of ['train', 'val', 'test'] as const) {
    if (!o.splitFile && o.split[s] > 0 && counts[s] === 0) {
      throw new TopiclensError(
        `msvd: the ${s} split is empty: only ${numbered.length} usable clips for split sizes ${o.split.train}/${o.split.val}/${o.split.test}. Set "split" to sizes that fit, or provide the missing files.\n${skipped.summary()}`,
      );
    }
  }

  const videos: VideoRecord[] = [];
  for (const c of numbered) {
    const split = splitOf.get(c.clip);
    if (!split) continue;
    const path = fileOf(c.clip);
    const source: VideoSource = o.videos ? { kind: 'file', path } : { kind: 'features', load: () => readFeatureNpy(path), path };
    videos.push({ id: o.ids === 'vid' ? `vid${c.n}` : c.clip, split, captions: c.captions, source });
  }
  return { videos, info: { name: 'msvd', skipped: skipped.entries(), allowMissing: allowMissingOf(o.allowMissing) } };
}
