import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHistory, readHistory } from './read-history.js';

describe('train/history.json reader', () => {
  it('reads epochs, leaving out null losses and scores', () => {
    expect(
      parseHistory([
        { epoch: 1, taskLoss: 3, interpretiveLoss: null, totalLoss: 3.5, val: { Bleu_4: 0.2, CIDEr: null } },
        { epoch: 2, taskLoss: 2 },
      ]),
    ).toEqual([
      { epoch: 1, taskLoss: 3, totalLoss: 3.5, val: { Bleu_4: 0.2 } },
      { epoch: 2, taskLoss: 2, val: {} },
    ]);
  });

  it('names the file, the JSON path and the stage to rerun', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-history-'));
    expect(() => readHistory(dir)).toThrow(`${join(dir, 'history.json')} is missing; run the train stage first`);
    writeFileSync(join(dir, 'history.json'), '[{"epoch": 1, "taskLoss": 2.0}, {"epoch": 2, "val": [1]}]');
    expect(() => readHistory(dir)).toThrow(
      `${join(dir, 'history.json')}: /1/val: expected an object, found an array; rerun the train stage.`,
    );
  });
});
