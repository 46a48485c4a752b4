import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../index.js';
import type { PluginRegistry } from '../../core/plugin/registry.js';
import { useBackend } from '../../core/tensor/testing/use-backend.js';
import { currentRefiner } from './refine-protocol.js';
import { reproduce, type ReproduceOptions } from './reproduce.js';
import { formatCount, formatDifference, formatStat, pairedDifference, stat } from './stats.js';
import { parseWorldSeeds, runName } from './world-seeds.js';
import { tinyReproduceOptions } from '../../test/support/reproduce/tiny-presets.js';

describe('topiclens reproduce', () => {
  let registry: PluginRegistry;
  let dir: string;
  let options: ReproduceOptions;
  beforeAll(async () => {
    await useBackend('cpu');
    registry = await createDefaultRegistry();
    dir = mkdtempSync(join(tmpdir(), 'topiclens-reproduce-'));
    options = tinyReproduceOptions(dir, registry, [1, 2]);
  });

  it('runs every experiment per seed, writes reproduction.md/.json, and a second call reruns nothing', async () => {
    const first = await reproduce(options);
    expect(first.runs.map((r) => `${r.preset}-s${r.seed}`)).toEqual([
      'tiny-b-s1',
      'tiny-i-s1',
      'tiny-tr-b-s1',
      'tiny-tr-i-s1',
      'tiny-r-s1',
      'tiny-b-s2',
      'tiny-i-s2',
      'tiny-tr-b-s2',
      'tiny-tr-i-s2',
      'tiny-r-s2',
    ]);
    for (const r of first.runs) expect(r.runDir).toBe(join(dir, 'out', 'runs', `${r.preset}-s${r.seed}`));
    // The transfer runs of seed s take their encoder from the captioning runs of seed s.
    const acc = JSON.parse(readFileSync(join(dir, 'out/runs/tiny-tr-i-s2/transfer/accuracy.json'), 'utf8'));
    expect(acc.source).toBe(join(dir, 'out/runs/tiny-i-s2'));
    expect(JSON.parse(readFileSync(join(dir, 'out/runs/tiny-r-s1/transfer/accuracy.json'), 'utf8')).source).toBeNull();
    expect(JSON.parse(readFileSync(join(dir, 'out/runs/tiny-i-s2/config.json'), 'utf8')).seed).toBe(2);
    // Aggregates are the mean/std of the per-seed values.
    expect(first.blocks).toHaveLength(1);
    const block = first.blocks[0]!;
    const accI = block.perSeed.map((s) => s.transfer['LSTM-I']!);
    expect(accI).toHaveLength(2);
    expect(block.transfer['LSTM-I'].mean).toBeCloseTo((accI[0]! + accI[1]!) / 2, 12);
    const bleu = block.comparison.captioning.find((r) => r.key === 'Bleu_4')!;
    const bleuB = block.perSeed.map((s) => s.captioning['LSTM-B']!.scores.Bleu_4!);
    const bleuI = block.perSeed.map((s) => s.captioning['LSTM-I']!.scores.Bleu_4!);
    expect(bleu['LSTM-B'].std).toBeCloseTo(Math.abs(bleuB[0]! - bleuB[1]!) / Math.SQRT2, 12);
    expect(bleu.difference.mean).toBeCloseTo((bleuI[0]! - bleuB[0]! + bleuI[1]! - bleuB[1]!) / 2, 12);
    // The real runs' interpretability.json is read through the attribute stage's reader: both models have a detector score.
    const det = block.comparison.interpretability.find((r) => r.key === 'detectorAuroc')!;
    expect([det['LSTM-B'].n, det['LSTM-I'].n, det.difference.n]).toEqual([2, 2, 2]);
    for (const x of [...det['LSTM-B'].values, ...det['LSTM-I'].values]) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    // The two runs of a seed share features and topics (same stage output hashes), and LSTM-B went through a probe f.
    expect(block.perSeed.map((s) => `${s.sameInputs.features}/${s.sameInputs.topics}`)).toEqual(['same/same', 'same/same']);
    expect(block.probeNote).toMatch(/^probe: attributed through a two-layer f .* because the model has no f/);
    expect(first.synthetic).toBe(true);
    expect(first.datasets).toEqual({ captioning: 'synthetic-clips', transfer: 'synthetic-clips (shifted)' });
    expect(block.title).toBe("World seed 2017 (the preset's)");
    const md = readFileSync(join(dir, 'out/reproduction.md'), 'utf8');
    expect(md).toContain('| Captioning BLEU-4 | LSTM-I | 0.446 |');
    expect(md).toContain('| Action recognition accuracy (%) | LSTM-R (random, trained) | 90.13 |');
    expect(md).toContain('not comparable in value');
    expect(md).toContain('17/20');
    expect(md).toContain('LSTM-B has no f (λ = 0): its neurons are attributed through a probe f');
    expect(md).toMatch(
      /\| interpretability \| detector AUROC \(sign-aware, the topic's own neuron; 0\.5 = chance\) \| [0-9.]+ ± [0-9.]+ \| [0-9.]+ ± [0-9.]+ \| [+−]?[0-9.]+ ± [0-9.]+ \(n = 2\) \|/,
    );
    expect(md).toContain('- [ ] refine: ≥ 15 of 20 second halves gain the named topic (after all refinements): **not measured**');
    expect(md).toContain('Same inputs: for every seed (1, 2) the LSTM-B and LSTM-I runs have identical features and topics stage outputs');
    expect(existsSync(join(dir, 'out/reproduction.json'))).toBe(true);

    const second = await reproduce(options);
    for (const r of second.runs) {
      for (const s of r.stages) expect(['cached', 'disabled'], `${r.preset}-s${r.seed}/${s.name}`).toContain(s.status);
    }
    expect(second.blocks[0]!.transfer['LSTM-R']).toEqual(block.transfer['LSTM-R']);
    expect(second.blocks[0]!.comparison).toEqual(block.comparison);
    expect(second.blocks[0]!.perSeed.every((s) => 'skipped' in s.refine)).toBe(true);

    // A source captioning run retrained behind our back (its train output hash changed): the transfer that reads it reruns
    // (the captioning run's own later stages rerun too, through the runner's upstream hashes); the others stay cached.
    const manifest = join(dir, 'out/runs/tiny-i-s1/train/manifest.json');
    writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), outputHash: 'retrained' }));
    const third = await reproduce({ ...options, seeds: [1] });
    const ran = third.runs.filter((r) => r.stages.some((s) => s.status === 'ran')).map((r) => r.preset);
    expect(ran).toEqual(['tiny-i', 'tiny-tr-i']);
    expect(third.runs[1]!.stages.find((s) => s.name === 'train')!.status).toBe('cached');
    expect(third.runs[3]!.stages.find((s) => s.name === 'transfer')!.status).toBe('ran');
    expect(JSON.parse(readFileSync(join(dir, 'out/runs/tiny-tr-i-s1/transfer/accuracy.json'), 'utf8')).sourceTrainHash).toBe('retrained');
  }, 240_000);

  it('--world-seed: each world its own block, runs named <preset>-s<seed>-w<world>, the world set on captioning and transfer runs', async () => {
    const r = await reproduce({ ...options, seeds: [1], worldSeeds: [7] });
    expect(r.runs.map((x) => x.name)).toEqual(['tiny-b-s1-w7', 'tiny-i-s1-w7', 'tiny-tr-b-s1-w7', 'tiny-tr-i-s1-w7', 'tiny-r-s1-w7']);
    for (const x of r.runs)
      expect(JSON.parse(readFileSync(join(x.runDir, 'config.json'), 'utf8')).dataset.options.worldSeed, x.name).toBe(7);
    expect(JSON.parse(readFileSync(join(dir, 'out/runs/tiny-tr-i-s1-w7/transfer/accuracy.json'), 'utf8')).source).toBe(
      join(dir, 'out/runs/tiny-i-s1-w7'),
    );
    expect(r.blocks.map((b) => [b.worldSeed, b.title])).toEqual([[7, 'World seed 7']]);
    expect(r.worldSeeds).toEqual([7]);
    // Another world: other features than world 2017's run of the same seed, still shared by its LSTM-B and LSTM-I.
    const w7 = r.blocks[0]!.perSeed[0]!;
    expect(w7.sameInputs.features).toBe('same');
    const features = (run: string) => JSON.parse(readFileSync(join(dir, 'out/runs', run, 'features/manifest.json'), 'utf8')).outputHash;
    expect(features('tiny-i-s1-w7')).not.toBe(features('tiny-i-s1'));
    expect(readFileSync(join(dir, 'out/reproduction.md'), 'utf8')).toContain(
      'World seeds: 7 (synthetic-clips dataset.options.worldSeed; runs named <preset>-s<seed>-w<world>).',
    );
  }, 120_000);

  it('--world-seed is refused, before anything runs, when the captioning data set is not synthetic-clips', async () => {
    const outDir = join(dir, 'out-msvd');
    const msvd = {
      ...options,
      outDir,
      presets: { ...options.presets, captioning: { 'LSTM-B': 'tiny-b', 'LSTM-I': 'tiny-msvd' } },
      worldSeeds: [7, 11],
    };
    await expect(reproduce(msvd)).rejects.toThrow(
      'topiclens reproduce: --world-seed 7,11 picks a generated world of the synthetic-clips data set, but the captioning preset "tiny-msvd" uses the "msvd" data set, which has no world seed. Use --preset-set quick (synthetic-clips), or drop --world-seed.',
    );
    expect(existsSync(join(outDir, 'runs'))).toBe(false);
  });

  it('--world-seed parsing and run names', () => {
    expect(parseWorldSeeds('7, 11,2017')).toEqual([7, 11, 2017]);
    expect(() => parseWorldSeeds('7,x')).toThrow(
      '--world-seed takes non-negative integers separated by commas (e.g. --world-seed 7,11), found "7,x".',
    );
    expect(() => parseWorldSeeds('-3')).toThrow(/found "-3"/);
    expect(() => parseWorldSeeds('7,7')).toThrow('--world-seed 7,7 names 7 twice; give each world once.');
    expect(runName('quick', 1, 7)).toBe('quick-s1-w7');
    expect(runName('quick', 2, null)).toBe('quick-s2');
  });

  it("the refiner settings eval.json is compared with: the run's refiner slot over the plugin's defaults", () => {
    const run = join(dir, 'out/runs/tiny-i-s1');
    const defaults = registry.get('refiner', 'eq10').defaults as Record<string, unknown>;
    expect(currentRefiner(registry, run)).toEqual({
      type: 'eq10',
      options: { ...defaults, ...(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')).refiner?.options ?? {}) },
    });
  });

  it('mean ± sample std formatting', () => {
    const s = stat([0.5, 0.7, null, Number.NaN]);
    expect(s.n).toBe(2);
    expect(s.mean).toBeCloseTo(0.6, 12);
    expect(s.std).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(formatStat(s, 2, 100)).toBe('60.00 ± 14.14');
    expect(formatStat(stat([0.25]), 3)).toBe('0.250');
    expect(formatStat(stat([]), 3)).toBe('—');
    expect(formatDifference(pairedDifference([0.5, 0.6, null], [0.9, 0.8, 0.7]), 3)).toBe('+0.300 ± 0.141 (n = 2)');
    expect(formatDifference(pairedDifference([0.5], [0.25]), 2)).toBe('−0.25 (n = 1)');
    expect(formatCount(stat([20, 20, 20]))).toBe('20');
    expect(formatCount(stat([16, 17, 18]))).toBe('17.0 ± 1.0');
    expect(() => pairedDifference([1], [1, 2])).toThrow('pairedDifference: 1 values against 2; pair them by seed.');
  });
});
