import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTransferAccuracy, readTransferAccuracyIfAny, type TransferAccuracy } from './read-accuracy.js';

const tmp = mkdtempSync(join(tmpdir(), 'topiclens-read-accuracy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const good: TransferAccuracy = {
  accuracy: 0.75,
  correct: 3,
  total: 4,
  split: 'test',
  classes: ['run', 'swim'],
  perClass: { run: { correct: 2, total: 2 }, swim: { correct: 1, total: 2 } },
  source: '/runs/quick',
  sourceTrainHash: 'abc',
  freezeEncoder: false,
  bestEpoch: 2,
  completedEpochs: 3,
  dataset: 'synthetic-clips',
};
const folder = (name: string, value?: unknown): string => {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  if (value !== undefined) writeFileSync(join(dir, 'accuracy.json'), JSON.stringify(value));
  return dir;
};

describe('the transfer stage reader', () => {
  it('reads accuracy.json, is undefined before the stage ran, and names a wrong field by its JSON path', () => {
    expect(readTransferAccuracy(folder('good', good))).toEqual(good);
    expect(readTransferAccuracyIfAny(folder('none'))).toBeUndefined();
    const bad = folder('bad', { ...good, perClass: { run: { correct: 2, total: -1 } } });
    expect(() => readTransferAccuracy(bad)).toThrowError(
      `${join(bad, 'accuracy.json')}: /perClass/run/total: expected a count, found -1; rerun the transfer stage.`,
    );
  });
});
