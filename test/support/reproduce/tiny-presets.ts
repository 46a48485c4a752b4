import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginRegistry } from '../../../core/plugin/registry.js';
import type { ReproduceOptions } from '../../../plugins/reproduce/reproduce.js';

/**
 * `reproduce` options over the tiny presets, written to `<dir>/presets` (outputs in `<dir>/out`):
 * LSTM-B/I captioning and the three transfer models, no refine protocol, cpu, quiet.
 */
export function tinyReproduceOptions(dir: string, registry: PluginRegistry, seeds: number[]): ReproduceOptions {
  writePresets(join(dir, 'presets'));
  return {
    registry,
    seeds,
    presets: {
      captioning: { 'LSTM-B': 'tiny-b', 'LSTM-I': 'tiny-i' },
      transfer: { 'LSTM-B': 'tiny-tr-b', 'LSTM-I': 'tiny-tr-i', 'LSTM-R': 'tiny-r' },
    },
    presetSetName: 'tiny',
    outDir: join(dir, 'out'),
    cwd: dir,
    presetsDir: join(dir, 'presets'),
    refineVideos: 0,
    backend: 'cpu',
    output: { quiet: true },
  };
}

/** Tiny presets standing in for quick/quick-b and the three transfer presets. */
export function writePresets(dir: string): void {
  const dataset = (variant: string, counts: object) => ({
    type: 'synthetic-clips',
    options: { variant, counts, frames: 4, featureDim: 16, captionsPerClip: { min: 2, max: 3 } },
  });
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
      topicModel: null,
      interpretiveLoss: null,
      attributor: null,
      metrics: null,
      train: null,
      evaluate: null,
      decoder: { type: 'mlp-classifier', options: { hidden: 8 } },
      transfer: { from: 'tiny-i', freezeEncoder: true, epochs: 2, batchSize: 4 },
    },
    'tiny-tr-b': { extends: 'tiny-tr-i', name: 'tiny-tr-b', transfer: { from: 'tiny-b' } },
    'tiny-r': { extends: 'tiny-tr-i', name: 'tiny-r', transfer: { from: null, freezeEncoder: false } },
    'tiny-msvd': {
      extends: 'tiny-i',
      name: 'tiny-msvd',
      dataset: { type: 'msvd', options: { csv: 'msvd.csv', features: 'msvd-features' } },
    },
  };
  mkdirSync(dir, { recursive: true });
  for (const [name, cfg] of Object.entries(presets)) writeFileSync(join(dir, `${name}.json`), JSON.stringify(cfg));
}
