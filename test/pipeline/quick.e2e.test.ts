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
 * checked. The run is deterministic on one machine (same seed, same backend, any MLAS thread
 * count), but its products run on MLAS, whose GEMM kernels are chosen for the CPU (AVX-512,
 * AVX2 + FMA, …), so another CPU may round differently, and the training then lands elsewhere in
 * the spread that seeds show. The floors are therefore the lowest each figure reached at this
 * default over seeds 1–3 (world 2017) and worlds 7 and 11 (seed 1), 2026-12-07: a regression
 * below the default's own spread turns CI red; issue 14's targets are reported against these
 * five runs in the README.
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

    // Issue 14's targets where every README run meets them, else the lowest figure seen over those
    // runs (seeds 1–3 of world 2017, seed 1 of worlds 7 and 11; 2026-12-08 defaults; seed 1 here:
    // detector 0.933 vs 0.753, ground truth 0.900 vs 0.300, refine 16 of 20, BLEU-4 0.750 → 0.742):
    // detector 0.911–0.933 vs 0.719–0.759 (gap 0.154–0.192), ground truth 0.825–0.925 vs
    // 0.300–0.325 (gap 0.500–0.625), refine 14–19 of 20, BLEU-4 falling by −0.017 to 0.012.
    expect(lstmI.detectorAuroc).toBeGreaterThanOrEqual(0.9);
    expect(lstmI.detectorAuroc - lstmB.detectorAuroc).toBeGreaterThanOrEqual(0.15);
    expect(lstmB.detectorAuroc).toBeLessThan(0.77);
    expect(lstmI.groundTruthAgreement).toBeGreaterThanOrEqual(0.8);
    expect(lstmI.groundTruthAgreement - lstmB.groundTruthAgreement).toBeGreaterThanOrEqual(0.5);
    expect(lstmI.topicsWithoutNeuron).toBe(0);
    expect(evalFile.total).toBe(20);
    expect(evalFile.gained).toBeGreaterThanOrEqual(14);
    expect(evalFile.bleu4Before - evalFile.bleu4After).toBeLessThanOrEqual(0.012);
  }, 3_600_000);
});
