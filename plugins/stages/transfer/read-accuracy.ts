import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isObject, readStageFile, shapeFail as fail } from '../shape-error.js';

export const TRANSFER_ACCURACY = 'accuracy.json';

/** What `transfer/accuracy.json` holds. */
export interface TransferAccuracy {
  accuracy: number;
  correct: number;
  total: number;
  split: 'test';
  classes: string[];
  perClass: Record<string, { correct: number; total: number }>;
  source: string | null;
  /** Output hash of the source run's train stage when the encoder was loaded (lets callers detect a retrained source). */
  sourceTrainHash: string | null;
  freezeEncoder: boolean;
  bestEpoch: number | null;
  completedEpochs: number;
  dataset: string;
}

const count = (v: unknown, path: string): number => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fail(path, 'a count', v));
const strOrNull = (v: unknown, path: string): string | null =>
  v === null || typeof v === 'string' ? v : fail(path, 'a string or null', v);

/** Validate parsed `accuracy.json`; ShapeError naming the first wrong JSON path. */
export function parseTransferAccuracy(raw: unknown): TransferAccuracy {
  if (!isObject(raw)) return fail('/', 'an object', raw);
  const { accuracy, classes, perClass, freezeEncoder, bestEpoch, dataset } = raw;
  if (typeof accuracy !== 'number' || !(accuracy >= 0 && accuracy <= 1)) return fail('/accuracy', 'a number in [0, 1]', accuracy);
  if (raw.split !== 'test') return fail('/split', '"test"', raw.split);
  if (!Array.isArray(classes) || classes.some((c) => typeof c !== 'string')) return fail('/classes', 'an array of class names', classes);
  if (!isObject(perClass)) return fail('/perClass', 'an object {class: {correct, total}}', perClass);
  const perClassOut: TransferAccuracy['perClass'] = {};
  for (const [c, e] of Object.entries(perClass)) {
    if (!isObject(e)) return fail(`/perClass/${c}`, '{correct, total}', e);
    perClassOut[c] = { correct: count(e.correct, `/perClass/${c}/correct`), total: count(e.total, `/perClass/${c}/total`) };
  }
  if (typeof freezeEncoder !== 'boolean') return fail('/freezeEncoder', 'a boolean', freezeEncoder);
  if (bestEpoch !== null && !Number.isInteger(bestEpoch)) return fail('/bestEpoch', 'an epoch number or null', bestEpoch);
  if (typeof dataset !== 'string') return fail('/dataset', 'a string', dataset);
  return {
    accuracy,
    correct: count(raw.correct, '/correct'),
    total: count(raw.total, '/total'),
    split: 'test',
    classes: classes as string[],
    perClass: perClassOut,
    source: strOrNull(raw.source, '/source'),
    sourceTrainHash: strOrNull(raw.sourceTrainHash, '/sourceTrainHash'),
    freezeEncoder,
    bestEpoch: bestEpoch as number | null,
    completedEpochs: count(raw.completedEpochs, '/completedEpochs'),
    dataset,
  };
}

/** Read and validate the transfer stage's `accuracy.json` from its folder. */
export const readTransferAccuracy = (dir: string): TransferAccuracy =>
  readStageFile(join(dir, TRANSFER_ACCURACY), 'transfer', parseTransferAccuracy);

/** The same, or undefined when the stage has not written it (yet). */
export const readTransferAccuracyIfAny = (dir: string): TransferAccuracy | undefined =>
  existsSync(join(dir, TRANSFER_ACCURACY)) ? readTransferAccuracy(dir) : undefined;
