import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

describe('npm start: the quick preset end to end through the CLI', () => {
  it('trains LSTM-I on the synthetic world and beats the nearest-neighbour baseline on BLEU-4 and CIDEr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-quick-'));
    const config = join(dir, 'topiclens.config.json');
    writeFileSync(config, JSON.stringify({ extends: 'quick', runsDir: join(dir, 'runs') }));
    const started = Date.now();
    const r = spawnSync(process.execPath, [join(root, 'bin/topiclens.mjs'), 'run', config], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    const seconds = (Date.now() - started) / 1000;
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    expect(r.stderr).toMatch(/Bleu_4\s+METEOR\s+ROUGE_L\s+CIDEr/);
    expect(r.stderr).toMatch(/videos {2}topic: top words/);
    const scores = JSON.parse(readFileSync(join(dir, 'runs/quick/evaluate/scores.json'), 'utf8'));
    console.log(`quick run: ${seconds.toFixed(0)} s; LSTM-I`, scores.corpus, 'nearest neighbour', scores.baseline.corpus);
    expect(scores.corpus.Bleu_4).toBeGreaterThan(scores.baseline.corpus.Bleu_4);
    expect(scores.corpus.CIDEr).toBeGreaterThan(scores.baseline.corpus.CIDEr);
    const interp = JSON.parse(readFileSync(join(dir, 'runs/quick/attribute/interpretability.json'), 'utf8'));
    expect(interp.summary.detectorAuroc).toBeGreaterThan(0);
  }, 1_800_000);
});
