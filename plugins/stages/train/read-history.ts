import { join } from 'node:path';
import { isObject, readStageFile, shapeFail as fail } from '../shape-error.js';

export const HISTORY_FILE = 'history.json';

/** One epoch of `train/history.json`; a loss or validation score that is null in the file is left out. */
export interface HistoryEntry {
  epoch: number;
  taskLoss?: number;
  interpretiveLoss?: number;
  totalLoss?: number;
  /** Validation metrics of the epoch (empty when the run has no validation). */
  val: Record<string, number>;
}

const num = (v: unknown, path: string): number => (typeof v === 'number' && Number.isFinite(v) ? v : fail(path, 'a finite number', v));
const optNum = (v: unknown, path: string): number | undefined => (v === undefined || v === null ? undefined : num(v, path));

/** Validate parsed `history.json` (an array of epochs); ShapeError naming the first wrong JSON path. */
export function parseHistory(raw: unknown): HistoryEntry[] {
  if (!Array.isArray(raw)) return fail('/', 'an array of epochs', raw);
  return raw.map((e, i) => {
    if (!isObject(e)) return fail(`/${i}`, 'an object', e);
    const val: Record<string, number> = {};
    if (e.val !== undefined && e.val !== null) {
      if (!isObject(e.val)) return fail(`/${i}/val`, 'an object', e.val);
      for (const [k, v] of Object.entries(e.val)) {
        const n = optNum(v, `/${i}/val/${k}`);
        if (n !== undefined) val[k] = n;
      }
    }
    const out: HistoryEntry = { epoch: num(e.epoch, `/${i}/epoch`), val };
    for (const k of ['taskLoss', 'interpretiveLoss', 'totalLoss'] as const) {
      const n = optNum(e[k], `/${i}/${k}`);
      if (n !== undefined) out[k] = n;
    }
    return out;
  });
}

/** `<stageDir>/history.json`, validated; TopiclensError naming the file, the JSON path and the stage to run. */
export const readHistory = (stageDir: string): HistoryEntry[] => readStageFile(join(stageDir, HISTORY_FILE), 'train', parseHistory);
