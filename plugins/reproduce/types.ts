import type { StageOutcome } from '../../core/runner/run-experiment.js';
import type { PAPER, CaptionModelName, TransferModelName } from './paper.js';
import type { CaptionRunResult } from './read-run.js';
import type { RefineOutcome } from './refine-protocol.js';
import type { Stat } from './stats.js';
import type { ChecklistItem } from './checklist.js';
import type { ComparisonRow, InputCheck } from './compare.js';

export interface RunRecord {
  role: string;
  seed: number;
  /** The synthetic world the run was generated in (--world-seed), null for the preset's own. */
  worldSeed: number | null;
  preset: string;
  name: string;
  runDir: string;
  /** What ran this time (with --queue: what the workers computed; the local pass only reads them). */
  stages: StageOutcome[];
  seconds: number;
  /** Its stages ran as jobs on a queue's workers (`reproduce --queue`). */
  queued?: boolean;
}

export interface SeedResult {
  seed: number;
  worldSeed: number | null;
  captioning: Partial<Record<CaptionModelName, CaptionRunResult>>;
  /** Do this seed's LSTM-B and LSTM-I runs read the same features and topic vectors? */
  sameInputs: InputCheck;
  /** Test accuracy (0..1). */
  transfer: Partial<Record<TransferModelName, number>>;
  refine: RefineOutcome;
}

/** One generated world (or the preset's data): every seed, LSTM-B against LSTM-I, the targets. */
export interface WorldBlock {
  worldSeed: number | null;
  title: string;
  perSeed: SeedResult[];
  comparison: { captioning: ComparisonRow[]; interpretability: ComparisonRow[] };
  transfer: Record<TransferModelName, Stat>;
  refine: {
    gained: Stat;
    gainedOwn: Stat;
    total: Stat;
    requested: Stat;
    bleu4Before: Stat;
    bleu4After: Stat;
    /** before − after, per seed (positive = BLEU-4 fell). */
    bleu4Drop: Stat;
    meteorBefore: Stat;
    meteorAfter: Stat;
    ciderBefore: Stat;
    ciderAfter: Stat;
  };
  checklist: ChecklistItem[];
  /** How LSTM-B (no f) was attributed, from its interpretability.json notes. */
  probeNote?: string;
  notes: string[];
}

export interface Reproduction {
  presetSet: string;
  seeds: number[];
  /** --world-seed values; empty when the presets' own data was used. */
  worldSeeds: number[];
  datasets: { captioning: string; transfer: string };
  synthetic: boolean;
  paper: typeof PAPER;
  blocks: WorldBlock[];
  runs: RunRecord[];
  notes: string[];
  seconds: number;
}
