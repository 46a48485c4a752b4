import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InterpretabilitySummary } from '../../../plugins/interpretability/index.js';
import type { Provenance } from '../../../plugins/refiners/lineage/provenance.js';

/** Test fixtures: run folders with just the files reproduce reads, and hand-picked numbers. */

const write = (file: string, body: unknown): void => {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(body, null, 2));
};

export const PROBE_NOTE =
  'probe: attributed through a two-layer f (8→4 relu→3 sigmoid) fitted on the frozen features of 10 training videos, because the model has no f';

const SUMMARY: InterpretabilitySummary = {
  detectorAuroc: null,
  signedAuroc: null,
  topicsScored: 0,
  topicsWithoutNeuron: 0,
  selectivity: null,
  contrastPeakedness: null,
  standsOutShare: null,
  decodingOwn: null,
  decodingAll: null,
  consistency: null,
  pairs: 0,
  groundTruthAgreement: null,
  meanPeakedness: null,
  meanGini: null,
  topicsWithSelectivity: 0,
};

export interface FixtureRun {
  /** evaluate/scores.json corpus. */
  corpus?: Record<string, number>;
  /** interpretability.json summary fields (the rest null / 0). */
  summary?: Partial<InterpretabilitySummary>;
  probed?: boolean;
  /** Stage output hashes written to <stage>/manifest.json. */
  stages?: Partial<Provenance>;
  /** The run's config.json refiner slot. */
  refiner?: { type: string; options: Record<string, unknown> };
}

export const STAGES: Provenance = { features: 'feat-hash-1', topics: 'topics-hash-1', train: 'train-hash-1', attribute: 'attr-hash-1' };

export function writeFixtureRun(runDir: string, run: FixtureRun): string {
  const stages = { ...STAGES, ...run.stages };
  for (const [stage, outputHash] of Object.entries(stages))
    write(join(runDir, stage, 'manifest.json'), {
      stage,
      version: '1.0.0',
      inputHash: `in-${stage}`,
      outputHash,
      finishedAt: '2026-01-01T00:00:00.000Z',
      seconds: 1,
    });
  write(join(runDir, 'config.json'), { name: 'fixture', seed: 1, refiner: run.refiner ?? { type: 'eq10', options: {} } });
  if (run.corpus) write(join(runDir, 'evaluate', 'scores.json'), { corpus: run.corpus, items: {} });
  if (run.summary) {
    write(join(runDir, 'attribute', 'interpretability.json'), {
      method: run.probed ? 'pdm+probe' : 'pdm',
      notes: ['pdm (Eq. 9): exact over all neurons', ...(run.probed ? [PROBE_NOTE] : [])],
      perTopic: [],
      summary: { ...SUMMARY, ...run.summary },
    });
    write(join(runDir, 'attribute', 'neuron-topic-map.json'), { method: 'pdm', topics: [], neurons: [] });
  }
  return runDir;
}

/** A refine/eval.json as refine-eval writes it (the fields reproduce reads). */
export function evalBody(o: {
  gained: number;
  gainedOwn?: number;
  total?: number;
  videos?: number;
  bleu4Before: number;
  bleu4After: number;
  derivedFrom?: Provenance;
  refiner?: { type: string; options: unknown };
}) {
  return {
    format: 'topiclens-refine-eval/1',
    createdAt: '2026-01-01T00:00:00.000Z',
    gained: o.gained,
    gainedOwn: o.gainedOwn ?? o.gained,
    total: o.total ?? 20,
    bleu4Before: o.bleu4Before,
    bleu4After: o.bleu4After,
    meteorBefore: 0.3,
    meteorAfter: 0.31,
    testVideos: 150,
    settings: {
      refiner: o.refiner ?? { type: 'eq10', options: {} },
      videos: o.videos ?? 20,
      metrics: ['bleu'],
      startedFrom: { model: 'base', createdAt: '' },
      derivedFrom: o.derivedFrom ?? STAGES,
      finalModel: 'r0020',
    },
  };
}

export const writeEval = (file: string, body: unknown): void => write(file, body);
