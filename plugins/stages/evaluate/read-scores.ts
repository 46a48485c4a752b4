import { join } from 'node:path';
import { isObject, readStageFile, shapeFail as fail } from '../shape-error.js';

export const SCORES_FILE = 'scores.json';

/** `scores.json`: corpus scores, per-video scores, and the nearest-neighbour baseline's corpus scores. */
export interface ScoresFile {
  corpus: Record<string, number>;
  items: Record<string, Record<string, number>>;
  /** Corpus scores of the evaluate stage's nearest-neighbour baseline, when it computed one. */
  baseline?: Record<string, number>;
}

const scoreTable = (v: unknown, path: string): Record<string, number> => {
  if (!isObject(v)) return fail(path, 'an object {metric: score}', v);
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v))
    out[k] = typeof x === 'number' && Number.isFinite(x) ? x : fail(`${path}/${k}`, 'a finite number', x);
  return out;
};

/** Validate parsed `scores.json` (a per-video score of null, not computed, is left out); ShapeError naming the first wrong JSON path. */
export function parseScores(raw: unknown): ScoresFile {
  if (!isObject(raw)) return fail('/', 'an object', raw);
  const items: ScoresFile['items'] = {};
  if (raw.items !== undefined) {
    if (!isObject(raw.items)) return fail('/items', 'an object {videoId: {metric: score}}', raw.items);
    for (const [id, s] of Object.entries(raw.items)) {
      if (!isObject(s)) return fail(`/items/${id}`, 'an object {metric: score}', s);
      items[id] = scoreTable(Object.fromEntries(Object.entries(s).filter(([, x]) => x !== null && x !== undefined)), `/items/${id}`);
    }
  }
  const out: ScoresFile = { corpus: scoreTable(raw.corpus, '/corpus'), items };
  if (isObject(raw.baseline) && raw.baseline.corpus !== undefined) out.baseline = scoreTable(raw.baseline.corpus, '/baseline/corpus');
  return out;
}

/** Read and validate the evaluate stage's `scores.json` from its folder. */
export const readScores = (dir: string): ScoresFile => readStageFile(join(dir, SCORES_FILE), 'evaluate', parseScores);
