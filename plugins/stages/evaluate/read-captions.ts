import { join } from 'node:path';
import { isObject, readStageFile, shapeFail as fail } from '../shape-error.js';

export const CAPTIONS_FILE = 'captions.json';

/** `captions.json`: the generated caption and the reference captions of each scored video. */
export type CaptionsFile = Record<string, { hypothesis: string; references: string[] }>;

/** Validate parsed `captions.json`; ShapeError naming the first wrong JSON path. */
export function parseCaptions(raw: unknown): CaptionsFile {
  if (!isObject(raw)) return fail('/', 'an object {videoId: {hypothesis, references}}', raw);
  const out: CaptionsFile = {};
  for (const [id, e] of Object.entries(raw)) {
    if (!isObject(e)) return fail(`/${id}`, '{hypothesis, references}', e);
    if (typeof e.hypothesis !== 'string') return fail(`/${id}/hypothesis`, 'a string', e.hypothesis);
    if (!Array.isArray(e.references)) return fail(`/${id}/references`, 'an array of sentences', e.references);
    for (const [j, r] of e.references.entries()) if (typeof r !== 'string') fail(`/${id}/references/${j}`, 'a string', r);
    out[id] = { hypothesis: e.hypothesis, references: e.references as string[] };
  }
  return out;
}

/** Read and validate the evaluate stage's `captions.json` from its folder. */
export const readCaptions = (dir: string): CaptionsFile => readStageFile(join(dir, CAPTIONS_FILE), 'evaluate', parseCaptions);
