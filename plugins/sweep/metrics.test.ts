import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetric } from './metrics.js';

const accuracy = {
  accuracy: 0.75,
  correct: 3,
  total: 4,
  split: 'test',
  classes: ['a', 'b'],
  perClass: { a: { correct: 2, total: 2 }, b: { correct: 1, total: 2 } },
  source: null,
  sourceTrainHash: null,
  freezeEncoder: true,
  bestEpoch: null,
  completedEpochs: 2,
  dataset: 'synthetic-clips',
};

describe('sweep metrics', () => {
  it('reads accuracy through the transfer stage reader; a file it rejects counts as absent', () => {
    const run = mkdtempSync(join(tmpdir(), 'tl-metrics-'));
    mkdirSync(join(run, 'transfer'));
    mkdirSync(join(run, 'evaluate'));
    writeFileSync(join(run, 'evaluate/scores.json'), JSON.stringify({ corpus: { Bleu_4: 0.31 } }));
    expect(readMetric(run, 'accuracy')).toBeUndefined();
    writeFileSync(join(run, 'transfer/accuracy.json'), JSON.stringify(accuracy));
    expect(readMetric(run, 'accuracy')).toBe(0.75);
    expect(readMetric(run, 'Bleu_4')).toBe(0.31);
    expect(readMetric(run, 'transfer/accuracy.json:perClass.b.correct')).toBe(1);
    writeFileSync(join(run, 'transfer/accuracy.json'), JSON.stringify({ ...accuracy, accuracy: 1.5 }));
    expect(readMetric(run, 'accuracy')).toBeUndefined();
  });
});
