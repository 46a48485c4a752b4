import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const cli = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/topiclens.mjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/**
 * What `npm start` does (quick-b, quick, refine-eval on quick), with the figures it prints
 * checked. The run is deterministic (same seed, same backend), so the floors below are regression
 * guards: the three claims that hold at issue 14's targets (ground truth ≥ 0.8; ≥ 15 of 20 refined
 * videos gain their topic; test BLEU-4 falls by at most 0.01 after refining 20 videos) are asserted
 * at those targets, and the two that do not reach them yet (detector ≥ 0.90, LSTM-I ≥ 0.15 above
 * LSTM-B; measured 0.878, 0.136) just below what they measure.
 */
describe('npm start: quick-b, quick and the refine protocol end to end through the CLI', () => {
  it('LSTM-I beats nearest neighbour, its neurons read as topics against LSTM-B, and refinement adds topics without hurting BLEU', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-quick-'));
    const runs = join(dir, 'runs');
    for (const preset of ['quick-b', 'quick'])
      writeFileSync(join(dir, `${preset}.json`), JSON.stringify({ extends: preset, runsDir: runs }));
    const started = Date.now();
    const b = cli(dir, 'run', 'quick-b.json');
    expect(b.status, b.stderr.slice(-3000)).toBe(0);
    const i = cli(dir, 'run', 'quick.json');
    expect(i.status, i.stderr.slice(-3000)).toBe(0);
    expect(i.stderr).toMatch(/Bleu_4\s+METEOR\s+ROUGE_L\s+CIDEr/);
    expect(i.stderr).toMatch(/videos {2}topic: top words/);
    // The attribute line explains itself and shows LSTM-B beside LSTM-I.
    expect(i.stderr).toMatch(/detector AUROC \d\.\d+ \[quick-b \d\.\d+\] \(sign-aware; 0\.5 = chance/);
    expect(i.stderr).toMatch(/12 of 40 topics shown/);
    const r = cli(dir, 'refine-eval', join(runs, 'quick'));
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    const seconds = (Date.now() - started) / 1000;

    const scores = json(join(runs, 'quick/evaluate/scores.json'));
    expect(scores.corpus.Bleu_4).toBeGreaterThan(scores.baseline.corpus.Bleu_4 + 0.2);
    expect(scores.corpus.CIDEr).toBeGreaterThan(scores.baseline.corpus.CIDEr + 0.4);

    const lstmI = json(join(runs, 'quick/attribute/interpretability.json')).summary;
    const lstmB = json(join(runs, 'quick-b/attribute/interpretability.json')).summary;
    const event = readFileSync(join(runs, 'quick/log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((e) => e.event === 'attribute');
    expect(event.detectorAuroc).toBe(lstmI.detectorAuroc);
    expect(event.groundTruthAgreement).toBe(lstmI.groundTruthAgreement);
    const evalFile = json(join(runs, 'quick/refine/eval.json'));
    console.log(
      `npm start: ${seconds.toFixed(0)} s; detector AUROC I ${lstmI.detectorAuroc} B ${lstmB.detectorAuroc}; ground truth I ${lstmI.groundTruthAgreement} B ${lstmB.groundTruthAgreement}; refine ${evalFile.gained}/${evalFile.total}, BLEU-4 ${evalFile.bleu4Before} → ${evalFile.bleu4After}`,
    );

    // Floors just under seed 1's figures (detector 0.878 vs 0.742, ground truth 0.800 vs 0.410,
    // refine 15 of 20, BLEU-4 0.692 → 0.712), so a regression turns CI red; issue 14's targets
    // (gap ≥ 0.15, detector ≥ 0.90) are reported as missed in the README.
    expect(lstmI.detectorAuroc - lstmB.detectorAuroc).toBeGreaterThanOrEqual(0.13);
    expect(lstmI.detectorAuroc).toBeGreaterThanOrEqual(0.87);
    expect(lstmB.detectorAuroc).toBeLessThan(0.75);
    expect(lstmI.groundTruthAgreement).toBeGreaterThanOrEqual(0.8);
    expect(lstmI.groundTruthAgreement - lstmB.groundTruthAgreement).toBeGreaterThanOrEqual(0.35);
    expect(lstmI.topicsWithoutNeuron).toBe(0);
    expect(evalFile.total).toBe(20);
    expect(evalFile.gained).toBeGreaterThanOrEqual(15);
    expect(evalFile.bleu4Before - evalFile.bleu4After).toBeLessThanOrEqual(0.01);
  }, 3_600_000);
});
