import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCaptions } from './read-captions.js';
import { readScores } from './read-scores.js';

const tmp = mkdtempSync(join(tmpdir(), 'topiclens-evaluate-readers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const folder = (name: string, file: string, value: unknown): string => {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), JSON.stringify(value));
  return dir;
};

describe('the evaluate stage readers', () => {
  it('read captions.json and name a wrong field by its JSON path', () => {
    const good = folder('captions', 'captions.json', { v1: { hypothesis: 'a cat', references: ['a cat sits'] } });
    expect(readCaptions(good)).toEqual({ v1: { hypothesis: 'a cat', references: ['a cat sits'] } });
    const bad = folder('bad-captions', 'captions.json', { v1: { hypothesis: 'a cat', references: ['a cat', 3] } });
    expect(() => readCaptions(bad)).toThrowError(
      `${join(bad, 'captions.json')}: /v1/references/1: expected a string, found 3; rerun the evaluate stage.`,
    );
  });

  it('read scores.json, leaving out per-video scores not computed, and name a wrong field by its JSON path', () => {
    const good = folder('scores', 'scores.json', {
      corpus: { Bleu_4: 0.41 },
      items: { v1: { Bleu_4: 0.5, CIDEr: null } },
      baseline: { corpus: { Bleu_4: 0.2 } },
    });
    expect(readScores(good)).toEqual({ corpus: { Bleu_4: 0.41 }, items: { v1: { Bleu_4: 0.5 } }, baseline: { Bleu_4: 0.2 } });
    const bad = folder('bad-scores', 'scores.json', { corpus: { Bleu_4: 'high' } });
    expect(() => readScores(bad)).toThrowError(
      `${join(bad, 'scores.json')}: /corpus/Bleu_4: expected a finite number, found "high"; rerun the evaluate stage.`,
    );
  });
});
