import { stat, type Stat } from './stats.js';
import type { SeedResult } from './types.js';

/** Slack for comparing figures computed in floating point (0.61 − 0.60 is 0.010000000000000009). */
const EPS = 1e-9;

/** A target of issue 14 for the quick preset; every seed must meet it. */
export interface Target {
  id: string;
  text: string;
  comparison: '≥' | '≤';
  threshold: number;
  digits: number;
  /** The seed's figure, or why it has none. */
  value(seed: SeedResult): number | { missing: string };
}

export interface ChecklistItem {
  id: string;
  text: string;
  status: 'met' | 'not met' | 'not measured';
  measured: Stat;
  perSeed: { seed: number; value: number | null; met: boolean | null; missing?: string }[];
  digits: number;
}

const REFINE_VIDEOS = 20;

const interp = (s: SeedResult, model: 'LSTM-B' | 'LSTM-I', key: 'detectorAuroc' | 'groundTruthAgreement'): number | { missing: string } => {
  const v = s.captioning[model]?.interpretability?.[key];
  return typeof v === 'number' ? v : { missing: `no ${key} for ${model}` };
};
const refined = (s: SeedResult) => ('skipped' in s.refine ? { missing: `refine protocol skipped: ${s.refine.skipped}` } : s.refine);

export const TARGETS: Target[] = [
  {
    id: 'lstmIDetector',
    text: 'LSTM-I detector AUROC ≥ 0.90',
    comparison: '≥',
    threshold: 0.9,
    digits: 3,
    value: (s) => interp(s, 'LSTM-I', 'detectorAuroc'),
  },
  {
    id: 'detectorGap',
    text: 'LSTM-I − LSTM-B detector AUROC ≥ 0.15 (same seed)',
    comparison: '≥',
    threshold: 0.15,
    digits: 3,
    value: (s) => {
      const i = interp(s, 'LSTM-I', 'detectorAuroc');
      const b = interp(s, 'LSTM-B', 'detectorAuroc');
      return typeof i !== 'number' ? i : typeof b !== 'number' ? b : i - b;
    },
  },
  {
    id: 'groundTruth',
    text: 'LSTM-I ground-truth agreement ≥ 0.8',
    comparison: '≥',
    threshold: 0.8,
    digits: 3,
    value: (s) => interp(s, 'LSTM-I', 'groundTruthAgreement'),
  },
  {
    id: 'refineGained',
    text: `refine: ≥ 15 of ${REFINE_VIDEOS} second halves gain the named topic (after all refinements)`,
    comparison: '≥',
    threshold: 15,
    digits: 0,
    value: (s) => {
      const r = refined(s);
      if ('missing' in r) return r;
      return r.requested === REFINE_VIDEOS
        ? r.gained
        : { missing: `the target is for ${REFINE_VIDEOS} refined videos; this run asked for ${r.requested} (--refine-videos)` };
    },
  },
  {
    id: 'bleuDrop',
    text: 'refine: test BLEU-4 falls by at most 0.01 (before − after)',
    comparison: '≤',
    threshold: 0.01,
    digits: 4,
    value: (s) => {
      const r = refined(s);
      if ('missing' in r) return r;
      return r.bleu4Before !== null && r.bleu4After !== null
        ? r.bleu4Before - r.bleu4After
        : { missing: 'eval.json has no BLEU-4 before/after' };
    },
  },
];

const meets = (t: Target, v: number): boolean => (t.comparison === '≥' ? v >= t.threshold - EPS : v <= t.threshold + EPS);

/** Each target against every seed's figure: met when every seed meets it, not met when one does not, else not measured. */
export function checklist(perSeed: SeedResult[], targets: Target[] = TARGETS): ChecklistItem[] {
  return targets.map((t) => {
    const rows = perSeed.map((s) => {
      const v = t.value(s);
      return typeof v === 'number'
        ? { seed: s.seed, value: v, met: meets(t, v) }
        : { seed: s.seed, value: null, met: null, missing: v.missing };
    });
    const status = rows.some((r) => r.met === false)
      ? 'not met'
      : rows.length && rows.every((r) => r.met === true)
        ? 'met'
        : 'not measured';
    return { id: t.id, text: t.text, status, measured: stat(rows.map((r) => r.value)), perSeed: rows, digits: t.digits };
  });
}
