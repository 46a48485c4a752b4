import * as tf from '@tensorflow/tfjs-core';
import { rootContainer } from '../../../core/container/root-container.js';
import type { Dataset, FeatureMatrix, VideoRecord } from '../../../core/contracts/dataset.js';
import type { FeatureExtractor } from '../../../core/contracts/feature-extractor.js';
import { TOKENS } from '../../../core/contracts/tokens.js';
import type { ExperimentConfig } from '../../../core/config/types.js';
import type { Logger } from '../../../core/logger.js';
import type { StageContext } from '../../../core/plugin/manifest.js';
import { PluginRegistry } from '../../../core/plugin/registry.js';

/** A logger that keeps what it is told, for assertions. */
export function memoryLogger() {
  const records: { event: string; fields: Record<string, unknown> }[] = [];
  const warnings: string[] = [];
  const ticks: (string | undefined)[] = [];
  const logger: Logger = {
    info: () => {},
    warn: (m) => warnings.push(m),
    record: (event, fields = {}) => records.push({ event, fields }),
    progress: () => ({ tick: (_n, info) => ticks.push(info), done: () => {} }),
  };
  return { logger, records, warnings, ticks };
}

/** A StageContext for tests: a tsyringe child container with the given dataset/extractor as values. */
export function stageContext(opts: {
  dir: string;
  dataset: Dataset;
  extractor?: FeatureExtractor;
  extractorSlot?: boolean;
  resuming?: boolean;
  logger?: Logger;
}): StageContext {
  const container = rootContainer.createChildContainer();
  container.register(TOKENS.dataset, { useValue: opts.dataset });
  if (opts.extractor) container.register(TOKENS.featureExtractor, { useValue: opts.extractor });
  const config = {
    name: 'test',
    seed: 1,
    backend: 'cpu',
    plugins: [],
    runsDir: 'runs',
    dataset: { type: 'test' },
    ...((opts.extractorSlot ?? opts.extractor) ? { featureExtractor: { type: 'test-extractor' } } : {}),
  } as ExperimentConfig;
  return {
    name: 'features',
    config,
    options: {},
    configDir: opts.dir,
    runDir: opts.dir,
    dir: opts.dir,
    resuming: opts.resuming ?? false,
    stageDir: (s) => `${opts.dir}/../${s}`,
    container,
    resolve: (t) => container.resolve(t),
    resolveAll: (t) => container.resolveAll(t),
    registry: new PluginRegistry(),
    tf,
    logger: opts.logger ?? memoryLogger().logger,
    seed: 1,
  };
}

/** A deterministic feature matrix: value = id-hash + frame + feature/1000. */
export function fakeFeatures(seed: number, frames: number, dim: number): FeatureMatrix {
  const data = new Float32Array(frames * dim);
  for (let f = 0; f < frames; f++) for (let d = 0; d < dim; d++) data[f * dim + d] = seed * 100 + f + d / 1000;
  return { frames, dim, data };
}

/** A data set of videos with `features` sources; `onLoad` sees each load (to count or to fail). */
export function featureDataset(
  specs: { id: string; frames: number; split?: 'train' | 'val' | 'test'; label?: string }[],
  dim: number,
  onLoad?: (id: string) => void,
): Dataset {
  const videos: VideoRecord[] = specs.map((s, i) => ({
    id: s.id,
    split: s.split ?? 'train',
    captions: [],
    ...(s.label ? { label: s.label } : {}),
    source: {
      kind: 'features',
      load: async () => {
        onLoad?.(s.id);
        return fakeFeatures(i + 1, s.frames, dim);
      },
    },
  }));
  return { load: async () => ({ videos, info: { name: 'fake', skipped: [] } }) };
}
