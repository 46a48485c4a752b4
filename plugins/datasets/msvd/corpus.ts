import { readFile } from 'node:fs/promises';
import { TopiclensError } from '../../../core/errors.js';
import { parseCsv } from '../shared/csv.js';
import type { SkipLog } from '../shared/skipped.js';
import { readUtf8Text } from '../shared/utf8-text.js';

export const MSVD_COLUMNS = ['VideoID', 'Start', 'End', 'WorkerID', 'Source', 'AnnotationTime', 'Language', 'Description'] as const;

export interface MsvdClip {
  /** `VideoID_Start_End`, the name of the clip's file in YouTubeClips. */
  clip: string;
  captions: string[];
  /** Line of the clip's first English row. */
  line: number;
}

/**
 * Read `MSR Video Description Corpus.csv`: keep rows in `language`, group their descriptions by
 * clip (`VideoID_Start_End`) in order of first appearance. Malformed rows (wrong field count,
 * non-integer Start/End, empty VideoID, bytes that are not UTF-8) are skipped and logged with
 * file:line as lost captions — or throw when `strict`. Empty descriptions are lost captions too.
 */
export async function readMsvdCsv(file: string, language: string, strict: boolean, skipped: SkipLog): Promise<MsvdClip[]> {
  let text: string;
  let invalidLines: number[];
  try {
    ({ text, invalidLines } = await readUtf8Text(file));
  } catch (e) {
    throw new TopiclensError(
      `${file}: cannot read the MSVD corpus (${(e as Error).message}). Set "csv" to the path of "MSR Video Description Corpus.csv".`,
    );
  }
  const records = parseCsv(text, file);
  if (records.length === 0) throw new TopiclensError(`${file}: the file is empty`);
  const header = records[0]!.fields.map((h) => h.trim());
  const col: Record<string, number> = {};
  for (const name of MSVD_COLUMNS) {
    const i = header.indexOf(name);
    if (i < 0) {
      throw new TopiclensError(
        `${file}:1: the header has no column "${name}" (found ${header.map((h) => JSON.stringify(h)).join(', ')}); expected ${MSVD_COLUMNS.join(',')}`,
      );
    }
    col[name] = i;
  }
  const clips = new Map<string, MsvdClip>();
  const malformed = (line: number, what: string): void => {
    if (strict) throw new TopiclensError(`${file}:${line}: ${what}`);
    skipped.add('malformed csv row', `${file}:${line}: ${what}`, 'caption');
  };
  let invalid = 0; // index into invalidLines
  for (const [r, { fields, line }] of records.entries()) {
    if (r === 0) continue;
    // A record spans the lines up to the next record's first line.
    const nextLine = records[r + 1]?.line ?? Infinity;
    while (invalid < invalidLines.length && invalidLines[invalid]! < line) invalid++;
    if (invalid < invalidLines.length && invalidLines[invalid]! < nextLine) {
      const at = `${file}:${invalidLines[invalid]}: the row holds bytes that are not valid UTF-8 (re-save the file as UTF-8)`;
      if (strict) throw new TopiclensError(at);
      skipped.add('caption row not valid UTF-8', at, 'caption');
      continue;
    }
    if (fields.length !== header.length) {
      malformed(line, `expected ${header.length} fields, found ${fields.length}`);
      continue;
    }
    const id = fields[col.VideoID!]!.trim();
    const start = fields[col.Start!]!.trim();
    const end = fields[col.End!]!.trim();
    if (!id) {
      malformed(line, 'empty VideoID');
      continue;
    }
    if (!/^\d+$/.test(start) || !/^\d+$/.test(end)) {
      malformed(line, `Start/End must be whole seconds, found ${JSON.stringify(start)}/${JSON.stringify(end)}`);
      continue;
    }
    const lang = fields[col.Language!]!.trim();
    if (lang !== language) {
      skipped.add(`row not in ${language}`, `${file}:${line} (${lang || 'no language'})`);
      continue;
    }
    const description = fields[col.Description!]!.trim();
    const clip = `${id}_${start}_${end}`;
    // A description without a letter or digit ("...", "?") tokenizes to nothing: as empty as "".
    if (!/[\p{L}\p{N}]/u.test(description)) {
      skipped.add('empty description', `${file}:${line} (${clip})`, 'caption');
      continue;
    }
    let c = clips.get(clip);
    if (!c) {
      c = { clip, captions: [], line };
      clips.set(clip, c);
    }
    c.captions.push(description);
  }
  return [...clips.values()];
}

/** Read a `youtube_mapping.txt`: lines `<clip> vid<N>`; returns clip → N. */
export async function readMapping(file: string): Promise<Map<string, number>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new TopiclensError(`${file}: cannot read the clip→vid mapping (${(e as Error).message})`);
  }
  const out = new Map<string, number>();
  const seen = new Map<number, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^(\S+)\s+vid(\d+)$/.exec(line);
    if (!m) throw new TopiclensError(`${file}:${i + 1}: expected "<VideoID_Start_End> vid<N>", found ${JSON.stringify(line)}`);
    const n = Number(m[2]);
    if (seen.has(n)) throw new TopiclensError(`${file}:${i + 1}: vid${n} is mapped twice (first on line ${seen.get(n)})`);
    seen.set(n, i + 1);
    out.set(m[1]!, n);
  });
  if (out.size === 0) throw new TopiclensError(`${file}: the mapping file is empty`);
  return out;
}
