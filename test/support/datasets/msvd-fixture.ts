import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy } from '../../../plugins/datasets/shared/npy.js';

export const MSVD_HEADER = 'VideoID,Start,End,WorkerID,Source,AnnotationTime,Language,Description';

export interface MsvdFeatureFixture {
  dir: string;
  csv: string;
  features: string;
  /** Clip names in sorted (vid) order. */
  clips: string[];
}

/**
 * An MSVD-shaped fixture with `.npy` features: `clips` clips (`clip00_1_5`, ... sorted = vid
 * order), two English descriptions each, a float32 `[2, dim]` feature file per clip except those
 * in `missing`; `dimOf(i)` picks clip i's feature size (default 4). `extraRows` are appended raw.
 */
export function msvdFeatureFixture(o: {
  clips: number;
  missing?: number[];
  dimOf?: (i: number) => number;
  extraRows?: (string | Buffer)[];
}): MsvdFeatureFixture {
  const dir = mkdtempSync(join(tmpdir(), 'msvd-feat-'));
  const clips = Array.from({ length: o.clips }, (_, i) => `clip${String(i).padStart(2, '0')}_1_5`);
  const rows: (string | Buffer)[] = [MSVD_HEADER];
  clips.forEach((c, i) => {
    const id = c.replace(/_1_5$/, '');
    rows.push(
      `${id},1,5,${i},clean,9,English,A dog number ${i} runs.`,
      `${id},1,5,${i + 100},clean,9,English,A puppy plays with ball ${i}.`,
    );
  });
  rows.push(...(o.extraRows ?? []));
  const csv = join(dir, 'MSR Video Description Corpus.csv');
  writeFileSync(
    csv,
    Buffer.concat(rows.map((r) => Buffer.concat([typeof r === 'string' ? Buffer.from(r, 'utf8') : r, Buffer.from('\r\n')]))),
  );
  const features = join(dir, 'features');
  mkdirSync(features);
  clips.forEach((c, i) => {
    if (o.missing?.includes(i)) return;
    const dim = o.dimOf?.(i) ?? 4;
    writeFileSync(
      join(features, `${c}.npy`),
      encodeNpy(
        Float32Array.from({ length: 2 * dim }, (_, k) => i + k / 10),
        [2, dim],
      ),
    );
  });
  return { dir, csv, features, clips };
}
