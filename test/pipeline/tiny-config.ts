import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The train section of writeTinyConfig's config. */
export const TINY_TRAIN = {
  epochs: 2,
  batchSize: 32,
  captionsPerVideo: 2,
  maxTokens: 10,
  patience: 0,
  validation: { metric: 'Bleu_4', beam: 1, maxVideos: 8 },
};

/** A whole-pipeline config small enough for a unit test: 40 synthetic clips, a tiny model, 2 epochs. */
export function writeTinyConfig(dir: string, overrides: Record<string, unknown> = {}): string {
  const file = join(dir, 'tiny.json');
  writeFileSync(
    file,
    JSON.stringify({
      extends: 'quick',
      name: 'tiny',
      seed: 3,
      backend: 'wasm',
      runsDir: join(dir, 'runs'),
      dataset: {
        type: 'synthetic-clips',
        options: { counts: { train: 40, val: 8, test: 12 }, frames: 6, featureDim: 32, captionsPerClip: { min: 20, max: 22 } },
      },
      topicModel: { type: 'warplda', options: { topics: 8, iterations: 30 } },
      encoder: { type: 'bilstm', options: { units: 8 } },
      decoder: { type: 'attention-lstm', options: { units: 16, attentionUnits: 8, embeddingSize: 8, beam: 2, maxLength: 10, dropout: 0 } },
      interpretiveLoss: { type: 'l2', options: { lambda: 0.1, hidden: 8 } },
      train: TINY_TRAIN,
      evaluate: { maxLength: 10 },
      attribute: { sampleVideos: 2 },
      ...overrides,
    }),
  );
  return file;
}

/**
 * Overrides for a smaller world still (`counts` clips of 4 frames, 16-d features, 4 topics), for
 * runs that repeat the whole pipeline many times (fault injection, tensor leaks, fingerprints).
 */
export function tinierWorld(counts = { train: 16, val: 4, test: 4 }): Record<string, unknown> {
  return {
    dataset: {
      type: 'synthetic-clips',
      options: { counts, frames: 4, featureDim: 16, captionsPerClip: { min: 6, max: 8 } },
    },
    topicModel: { type: 'warplda', options: { topics: 4, iterations: 10 } },
    attribute: { sampleVideos: 1 },
  };
}

/** The train section for that world, `o` over it. */
export function tinierTrain(o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    epochs: 2,
    batchSize: 16,
    captionsPerVideo: 2,
    maxTokens: 8,
    patience: 0,
    validation: { metric: 'Bleu_4', beam: 1, maxVideos: 4 },
    ...o,
  };
}
