import { shortHash } from '../refiners/lineage/provenance.js';
import type { CaptionModelName } from './paper.js';
import type { CaptionRunResult } from './read-run.js';
import { CAPTION_SCORES, INTERPRETABILITY_SCORES, type ScoreSpec } from './scores.js';
import { pairedDifference, stat, type Stat } from './stats.js';
import type { SeedResult } from './types.js';

/** One figure for both models over the seeds, and the per-seed paired difference LSTM-I − LSTM-B. */
export interface ComparisonRow {
  key: string;
  label: string;
  digits: number;
  'LSTM-B': Stat;
  'LSTM-I': Stat;
  difference: Stat;
}

type Reader = (run: CaptionRunResult | undefined) => number | null | undefined;

function row(spec: ScoreSpec<string>, perSeed: SeedResult[], read: Reader): ComparisonRow {
  const of = (m: CaptionModelName) => perSeed.map((s) => read(s.captioning[m]));
  return {
    key: spec.key,
    label: spec.label,
    digits: spec.digits,
    'LSTM-B': stat(of('LSTM-B')),
    'LSTM-I': stat(of('LSTM-I')),
    difference: pairedDifference(of('LSTM-B'), of('LSTM-I')),
  };
}

export function compareModels(perSeed: SeedResult[]): { captioning: ComparisonRow[]; interpretability: ComparisonRow[] } {
  return {
    captioning: CAPTION_SCORES.map((s) => row(s, perSeed, (r) => r?.scores[s.key])),
    interpretability: INTERPRETABILITY_SCORES.map((s) => row(s, perSeed, (r) => r?.interpretability?.[s.key])),
  };
}

/** Whether LSTM-B and LSTM-I of one seed read the same features and topics (their stage output hashes). */
export interface InputCheck {
  features: 'same' | 'different' | 'unknown';
  topics: 'same' | 'different' | 'unknown';
  /** One line per difference or unknown, saying which runs and hashes. */
  warnings: string[];
}

export function checkSameInputs(b: CaptionRunResult | undefined, i: CaptionRunResult | undefined): InputCheck {
  const out: InputCheck = { features: 'unknown', topics: 'unknown', warnings: [] };
  for (const stage of ['features', 'topics'] as const) {
    const hb = b?.stages?.[stage];
    const hi = i?.stages?.[stage];
    if (!hb || !hi || hb === 'absent' || hi === 'absent') {
      out.warnings.push(
        `the ${stage} output of ${!hb || hb === 'absent' ? (b?.runDir ?? 'the LSTM-B run') : (i?.runDir ?? 'the LSTM-I run')} is not recorded (no ${stage}/manifest.json): cannot check that LSTM-B and LSTM-I share it`,
      );
      continue;
    }
    out[stage] = hb === hi ? 'same' : 'different';
    if (hb !== hi) {
      out.warnings.push(
        `LSTM-B and LSTM-I do not share their ${stage}: ${b!.runDir}/${stage} has output ${shortHash(hb)}, ${i!.runDir}/${stage} has ${shortHash(hi)}; the paired difference then also measures different ${stage === 'features' ? 'features' : 'topic vectors'} (check that both presets configure the same dataset/${stage === 'features' ? 'featureExtractor' : 'topicModel'})`,
      );
    }
  }
  return out;
}
