import { readFile } from 'node:fs/promises';
import { TopiclensError } from '../../../core/errors.js';
import { parseCsv } from '../shared/csv.js';
import type { SkipLog } from '../shared/skipped.js';

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
 * non-integer Start/End, empty VideoID) are skipped and logged with file:line — or throw when
 * `strict`.
 */
export async function readMsvdCsv(file: string, language: string, strict: boolean, skipped: SkipLog): Promise<MsvdClip[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new TopiclensError(`${file}: cannot read the MSVD corpus (${(e as Error).message}). Set "csv" to the path of "MSR Video Description Corpus.csv".`);
  }
  const records = parseCsv(text, file);
  if (records.length === 0) throw new TopiclensError(`${file}: the file is empty`);
  const header = records[0]!.fields.map((h) => h.trim());
  const col: Record<string, number> = {};
  for (const name of MSVD_COLUMNS) {
    const i = header.indexOf(name);
    if (i < 0) {
      throw new TopiclensError(`${file}:1: the header has no column "${name}" (found ${header.map((h) => JSON.stringify(h)).join(', ')}); expected ${MSVD_COLUMNS.join(',')}`);
    }
    col[name] = i;
  }
  const clips = new Map<string, MsvdClip>();
  const malformed = (line: number, what: string): void => {
    if (strict) throw new TopiclensError(`${file}:${line}: ${what}`);
    skipped.add('malformed csv row', `${file}:${line}: ${what}`);
  };
  for (const { fields, line } of records.slice(1)) {
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
    if (!description) {
      skipped.add('empty description', `${file}:${line} (${clip})`);
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
