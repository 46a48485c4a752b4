import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TopiclensError } from '../../core/errors.js';
import { readProvenance, type Provenance } from '../refiners/lineage/provenance.js';
import { readInterpretability } from '../stages/attribute/read-attribute.js';
import { SCORES_FILE, readScores } from '../stages/evaluate/read-scores.js';
import { CAPTION_SCORES, INTERPRETABILITY_SCORES, type CaptionScoreKey, type InterpretabilityKey } from './scores.js';

/** What reproduce reads back from one captioning run (LSTM-B or LSTM-I, one seed). */
export interface CaptionRunResult {
  runDir: string;
  /** Test-split corpus scores (evaluate/scores.json). */
  scores: Partial<Record<CaptionScoreKey, number>>;
  /** attribute/interpretability.json summary; absent when the file is missing or of an older format (see problems). */
  interpretability?: Partial<Record<InterpretabilityKey, number | null>>;
  /** Attribution method (`pdm`, `pdm+probe` when the model has no f) and the attribute stage's notes. */
  method?: string;
  attributeNotes: string[];
  /** Output hashes of the features/topics/train/attribute stages, as the refine state records them. */
  stages?: Provenance;
  /** What could not be read, each saying where and what to do. */
  problems: string[];
}

const pick = <K extends string>(from: Record<string, unknown> | undefined, keys: readonly K[]): Partial<Record<K, number>> =>
  Object.fromEntries(keys.flatMap((k) => (typeof from?.[k] === 'number' ? [[k, from[k]]] : []))) as Partial<Record<K, number>>;

export function readCaptionRun(runDir: string): CaptionRunResult {
  const out: CaptionRunResult = { runDir, scores: {}, attributeNotes: [], problems: [] };
  const scoresFile = join(runDir, 'evaluate', SCORES_FILE);
  if (existsSync(scoresFile)) {
    out.scores = pick(
      readScores(join(runDir, 'evaluate')).corpus,
      CAPTION_SCORES.map((s) => s.key),
    );
  } else out.problems.push(`${scoresFile} is missing: the evaluate stage did not run (topiclens run <config>).`);
  try {
    const file = readInterpretability(join(runDir, 'attribute'));
    const summary = file.summary as unknown as Record<string, number | null>;
    out.interpretability = Object.fromEntries(INTERPRETABILITY_SCORES.map((s) => [s.key, summary[s.key] ?? null]));
    out.method = file.method;
    out.attributeNotes = file.notes;
  } catch (e) {
    if (!(e instanceof TopiclensError)) throw e;
    out.problems.push(e.message);
  }
  try {
    out.stages = readProvenance(runDir);
  } catch (e) {
    if (!(e instanceof TopiclensError)) throw e;
    out.problems.push(e.message);
  }
  return out;
}

/** The attribute note that says how a model without f was attributed (`probe: …`), if any. */
export const probeNote = (run: CaptionRunResult | undefined): string | undefined => run?.attributeNotes.find((n) => /^probe\b/.test(n));
