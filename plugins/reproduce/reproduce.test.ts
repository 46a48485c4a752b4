import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../index.js';
import type { PluginRegistry } from '../../core/plugin/registry.js';
import { useBackend } from '../../core/tensor/testing.js';
import { reproduce, type ReproduceOptions } from './reproduce.js';
import { stat, formatStat } from './stats.js';

/** Tiny presets standing in for quick/quick-b and the three transfer presets. */
function writePresets(dir: string): void {
  const dataset = (variant: string, counts: object) => ({ type: 'synthetic-clips', options: { variant, counts, frames: 4, featureDim: 16, captionsPerClip: { min: 2, max: 3 } } });
  const presets: Record<string, object> = {
    'tiny-i': {
      name: 'tiny-i',
      backend: 'cpu',
      dataset: dataset('standard', { train: 10, val: 0, test: 3 }),
      topicModel: { type: 'warplda', options: { topics: 3, iterations: 5 } },
      encoder: { type: 'bilstm', options: { units: 4 } },
      decoder: { type: 'attention-lstm', options: { units: 8, attentionUnits: 4, embeddingSize: 4, beam: 1, maxLength: 6 } },
      interpretiveLoss: { type: 'l2', options: { hidden: 4 } },
      attributor: { type: 'pdm' },
      metrics: ['bleu', 'meteor'],
      train: { epochs: 1, batchSize: 16, captionsPerVideo: 1, maxTokens: 6, minWordCount: 1 },
      evaluate: { maxLength: 6, baseline: false },
    },
    'tiny-b': { extends: 'tiny-i', name: 'tiny-b', interpretiveLoss: { type: 'none' } },
    'tiny-tr-i': {
      extends: 'tiny-i',
      name: 'tiny-tr-i',
      dataset: dataset('shifted', { train: 12, val: 0, test: 6 }),
      topicModel: null, interpretiveLoss: null, attributor: null, metrics: null, train: null, evaluate: null,
      decoder: { type: 'mlp-classifier', options: { hidden: 8 } },
      transfer: { from: 'tiny-i', freezeEncoder: true, epochs: 2, batchSize: 4 },
    },
    'tiny-tr-b': { extends: 'tiny-tr-i', name: 'tiny-tr-b', transfer: { from: 'tiny-b' } },
    'tiny-r': { extends: 'tiny-tr-i', name: 'tiny-r', transfer: { from: null, freezeEncoder: false } },
  };
  mkdirSync(dir, { recursive: true });
  for (const [name, cfg] of Object.entries(presets)) writeFileSync(join(dir, `${name}.json`), JSON.stringify(cfg));
}

describe('topiclens reproduce', () => {
  let registry: PluginRegistry;
  let dir: string;
  let options: ReproduceOptions;
  beforeAll(async () => {
    await useBackend('cpu');
    registry = await createDefaultRegistry();
    dir = mkdtempSync(join(tmpdir(), 'topiclens-reproduce-'));
    writePresets(join(dir, 'presets'));
    options = {
      registry,
      seeds: [1, 2],
      presets: { captioning: { 'LSTM-B': 'tiny-b', 'LSTM-I': 'tiny-i' }, transfer: { 'LSTM-B': 'tiny-tr-b', 'LSTM-I': 'tiny-tr-i', 'LSTM-R': 'tiny-r' } },
      presetSetName: 'tiny',
      outDir: join(dir, 'out'),
      cwd: dir,
      presetsDir: join(dir, 'presets'),
      refineVideos: 0,
      backend: 'cpu',
      output: { quiet: true },
    };
  });

  it('runs every experiment per seed, writes reproduction.md/.json, and a second call reruns nothing', async () => {
    const first = await reproduce(options);
    expect(first.runs.map((r) => `${r.preset}-s${r.seed}`)).toEqual(['tiny-b-s1', 'tiny-i-s1', 'tiny-tr-b-s1', 'tiny-tr-i-s1', 'tiny-r-s1', 'tiny-b-s2', 'tiny-i-s2', 'tiny-tr-b-s2', 'tiny-tr-i-s2', 'tiny-r-s2']);
    for (const r of first.runs) expect(r.runDir).toBe(join(dir, 'out', 'runs', `${r.preset}-s${r.seed}`));
    // The transfer runs of seed s take their encoder from the captioning runs of seed s.
    const acc = JSON.parse(readFileSync(join(dir, 'out/runs/tiny-tr-i-s2/transfer/accuracy.json'), 'utf8'));
    expect(acc.source).toBe(join(dir, 'out/runs/tiny-i-s2'));
    expect(JSON.parse(readFileSync(join(dir, 'out/runs/tiny-r-s1/transfer/accuracy.json'), 'utf8')).source).toBeNull();
    expect(JSON.parse(readFileSync(join(dir, 'out/runs/tiny-i-s2/config.json'), 'utf8')).seed).toBe(2);
    // Aggregates are the mean/std of the per-seed values.
    const accI = first.perSeed.map((s) => s.transfer['LSTM-I']!);
    expect(accI).toHaveLength(2);
    expect(first.ours.transfer['LSTM-I']!.mean).toBeCloseTo((accI[0]! + accI[1]!) / 2, 12);
    const bleuB = first.perSeed.map((s) => s.captioning['LSTM-B']!.Bleu_4!);
    expect(first.ours.captioning['LSTM-B']!.Bleu_4.std).toBeCloseTo(Math.abs(bleuB[0]! - bleuB[1]!) / Math.SQRT2, 12);
    expect(first.synthetic).toBe(true);
    expect(first.datasets).toEqual({ captioning: 'synthetic-clips', transfer: 'synthetic-clips (shifted)' });
    const md = readFileSync(join(dir, 'out/reproduction.md'), 'utf8');
    expect(md).toContain('| Captioning BLEU-4 | LSTM-I | 0.446 |');
    expect(md).toContain('| Action recognition accuracy (%) | LSTM-R (random, trained) | 90.13 |');
    expect(md).toContain('not comparable in value');
    expect(md).toContain('17/20');
    expect(existsSync(join(dir, 'out/reproduction.json'))).toBe(true);

    const second = await reproduce(options);
    for (const r of second.runs) {
      for (const s of r.stages) expect(['cached', 'disabled'], `${r.preset}-s${r.seed}/${s.name}`).toContain(s.status);
    }
    expect(second.ours.transfer['LSTM-R']).toEqual(first.ours.transfer['LSTM-R']);
    expect(second.perSeed.every((s) => s.refine && 'skipped' in s.refine)).toBe(true);

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

  it('mean ± sample std formatting', () => {
    const s = stat([0.5, 0.7, null, Number.NaN]);
    expect(s.n).toBe(2);
    expect(s.mean).toBeCloseTo(0.6, 12);
    expect(s.std).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(formatStat(s, 2, 100)).toBe('60.00 ± 14.14');
    expect(formatStat(stat([0.25]), 3)).toBe('0.250');
    expect(formatStat(stat([]), 3)).toBe('—');
  });
});
