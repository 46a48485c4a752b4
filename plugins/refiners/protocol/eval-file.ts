import { join } from 'node:path';
import { writeJsonAtomic } from '../../../core/runner/atomic.js';
import type { Provenance } from '../lineage/provenance.js';
import { LINEAGE_EVAL_FILE } from '../lineage/set-aside.js';
import type { RefineSession } from '../session/session.js';
import type { RefineEvalResult } from './refine-eval.js';

/** `<run>/refine/eval.json`: it lives with the lineage it evaluated (and is set aside with it). */
export const EVAL_FILE = LINEAGE_EVAL_FILE;
/** The file's earlier place, still written for readers that predate refine/eval.json (reproduce). */
export const LEGACY_EVAL_FILE = 'refine-eval.json';

export interface RefineEvalFile extends Omit<RefineEvalResult, 'derivedFrom'> {
  format: 'topiclens-refine-eval/1';
  createdAt: string;
  /** Second halves that carry the named topic after all refinements / right after their own. */
  gained: number;
  gainedOwn: number;
  /** Videos refined. */
  total: number;
  /** Test split, whole videos, base model → final refined model; null when the metric did not run. */
  bleu4Before: number | null;
  bleu4After: number | null;
  meteorBefore?: number;
  meteorAfter?: number;
  ciderBefore?: number;
  ciderAfter?: number;
  testVideos: number;
  /** The split of those videos (the run's scoreOn). */
  split: 'test' | 'val';
  settings: {
    refiner: { type: string; options: unknown };
    videos: number;
    metrics: string[];
    /** The model the chain of refinements started from. */
    startedFrom: { model: string; createdAt: string; source?: string };
    /** The run's stage outputs (train, attribute, topics, features) the base, means and neurons came from. */
    derivedFrom: Provenance;
    finalModel: string;
  };
}

export function evalFile(session: RefineSession, result: RefineEvalResult, metrics: string[], now = new Date()): RefineEvalFile {
  const { derivedFrom, ...rest } = result;
  const { before, after } = result.scores;
  const base = session.lineage.entry(result.baseModel);
  const optional = (key: string, name: 'meteor' | 'cider') =>
    before[key] !== undefined && after[key] !== undefined ? { [`${name}Before`]: before[key], [`${name}After`]: after[key] } : {};
  return {
    format: 'topiclens-refine-eval/1',
    createdAt: now.toISOString(),
    gained: result.carriedAfterAll,
    gainedOwn: result.carriedAfterOwn,
    total: result.selected,
    bleu4Before: before.Bleu_4 ?? null,
    bleu4After: after.Bleu_4 ?? null,
    ...optional('METEOR', 'meteor'),
    ...optional('CIDEr', 'cider'),
    testVideos: result.scores.testVideos,
    settings: {
      refiner: session.refinerInfo,
      videos: result.requested,
      metrics,
      startedFrom: { model: base.id, createdAt: base.createdAt, ...(base.source ? { source: base.source } : {}) },
      derivedFrom,
      finalModel: result.finalModel,
    },
    ...rest,
  };
}

/** Write `<run>/refine/eval.json` (and the legacy `<run>/refine-eval.json`) atomically; returns the first path. */
export function writeEvalFile(session: RefineSession, result: RefineEvalResult, metrics: string[]): string {
  const body = evalFile(session, result, metrics);
  const file = join(session.lineage.dir, EVAL_FILE);
  writeJsonAtomic(file, body);
  writeJsonAtomic(join(session.data.runDir, LEGACY_EVAL_FILE), body);
  return file;
}
