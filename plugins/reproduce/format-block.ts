import { shortHash } from '../refiners/lineage/provenance.js';
import type { ChecklistItem } from './checklist.js';
import type { ComparisonRow } from './compare.js';
import { fixed, table } from './markdown.js';
import { formatCount, formatDifference, formatStat } from './stats.js';
import type { SeedResult, WorldBlock } from './types.js';

const comparisonRow = (r: ComparisonRow, group: string): string[] => [
  group,
  r.label,
  formatStat(r['LSTM-B'], r.digits),
  formatStat(r['LSTM-I'], r.digits),
  formatDifference(r.difference, r.digits),
];

/** `0.934 ± 0.012 (seed 1: 0.921, seed 2: …)`, the figures a target was judged on. */
function measured(item: ChecklistItem): string {
  const seeds = item.perSeed
    .map((s) => `seed ${s.seed}: ${s.value === null ? `— (${s.missing})` : fixed(s.value, item.digits).replace('-', '−')}`)
    .join(', ');
  return item.measured.n ? `measured ${formatStat(item.measured, item.digits).replace('-', '−')} (${seeds})` : seeds;
}

export function formatChecklist(items: ChecklistItem[]): string[] {
  return items.map((i) => `- [${i.status === 'met' ? 'x' : ' '}] ${i.text}: **${i.status}** — ${measured(i)}`);
}

function sameInputsLine(perSeed: SeedResult[]): string {
  const same = perSeed.filter((s) => s.sameInputs.features === 'same' && s.sameInputs.topics === 'same').map((s) => s.seed);
  const not = perSeed.filter((s) => !same.includes(s.seed));
  const hash = perSeed[0]?.captioning['LSTM-I']?.stages;
  if (!not.length) {
    return `Same inputs: for every seed (${same.join(', ')}) the LSTM-B and LSTM-I runs have identical features and topics stage outputs (manifest.json output hashes${hash ? `; seed ${perSeed[0]!.seed}: features ${shortHash(hash.features)}, topics ${shortHash(hash.topics)}` : ''}), so the paired difference measures the interpretive loss alone.`;
  }
  return `**Warning: not the same inputs** for seed${not.length > 1 ? 's' : ''} ${not.map((s) => s.seed).join(', ')}: ${not.flatMap((s) => s.sameInputs.warnings).join('; ')}.`;
}

function probeLine(b: WorldBlock): string {
  if (b.probeNote)
    return `LSTM-B has no f (λ = 0): its neurons are attributed through a probe f fitted on its frozen training encodings, as the attribute stage records it (interpretability.json notes: "${b.probeNote}").`;
  const method = b.perSeed.map((s) => s.captioning['LSTM-B']?.method).find(Boolean);
  return `LSTM-B was attributed with "${method ?? 'unknown'}"; its interpretability.json notes name no probe f.`;
}

const beforeAfter = (before: number | null, after: number | null, digits = 3): string =>
  before === null || after === null ? '—' : `${before.toFixed(digits)} → ${after.toFixed(digits)}`;

function refineTable(b: WorldBlock): string {
  const rows = b.perSeed.map((s) => {
    if ('skipped' in s.refine) return [String(s.seed), `skipped: ${s.refine.skipped}`, '', '', '', '', '', ''];
    const r = s.refine;
    const drop = r.bleu4Before !== null && r.bleu4After !== null ? fixed(r.bleu4Before - r.bleu4After, 4) : '—';
    return [
      String(s.seed),
      `${r.gained} of ${r.total}${r.total !== r.requested ? ` (${r.requested} asked)` : ''}`,
      `${r.gainedOwn} of ${r.total}`,
      beforeAfter(r.bleu4Before, r.bleu4After),
      drop,
      beforeAfter(r.meteorBefore, r.meteorAfter),
      beforeAfter(r.ciderBefore, r.ciderAfter),
      r.reused ? 'current, reused' : 'ran now',
    ];
  });
  const m = b.refine;
  const arrow = (x: typeof m.bleu4Before, y: typeof m.bleu4After) => (x.mean === null ? '—' : `${formatStat(x, 3)} → ${formatStat(y, 3)}`);
  if (b.perSeed.length > 1 && m.gained.n) {
    rows.push([
      `mean ± std (n = ${m.gained.n})`,
      `${formatCount(m.gained)} of ${formatCount(m.total)}`,
      `${formatCount(m.gainedOwn)} of ${formatCount(m.total)}`,
      arrow(m.bleu4Before, m.bleu4After),
      formatStat(m.bleu4Drop, 4),
      arrow(m.meteorBefore, m.meteorAfter),
      arrow(m.ciderBefore, m.ciderAfter),
      '',
    ]);
  }
  return table(
    [
      'seed',
      'gained (after all)',
      'gained (after own)',
      'BLEU-4 before → after',
      'BLEU-4 drop',
      'METEOR before → after',
      'CIDEr before → after',
      'refine/eval.json',
    ],
    rows,
  );
}

function perSeedTable(b: WorldBlock): string {
  const rows = b.perSeed.map((s) => {
    const c = (m: 'LSTM-B' | 'LSTM-I', k: 'Bleu_4' | 'METEOR') => fixed(s.captioning[m]?.scores[k], 3);
    const d = (m: 'LSTM-B' | 'LSTM-I') => fixed(s.captioning[m]?.interpretability?.detectorAuroc, 3);
    const t = (m: 'LSTM-B' | 'LSTM-I' | 'LSTM-R') => fixed(s.transfer[m] === undefined ? undefined : 100 * s.transfer[m]!, 2);
    return [
      String(s.seed),
      c('LSTM-B', 'Bleu_4'),
      c('LSTM-I', 'Bleu_4'),
      c('LSTM-B', 'METEOR'),
      c('LSTM-I', 'METEOR'),
      d('LSTM-B'),
      d('LSTM-I'),
      t('LSTM-B'),
      t('LSTM-I'),
      t('LSTM-R'),
    ];
  });
  return table(
    ['seed', 'BLEU-4 B', 'BLEU-4 I', 'METEOR B', 'METEOR I', 'detector AUROC B', 'detector AUROC I', 'acc B %', 'acc I %', 'acc R %'],
    rows,
  );
}

/** One world's section of reproduction.md. */
export function formatBlock(b: WorldBlock): string[] {
  const n = b.perSeed.length;
  return [
    `## ${b.title}`,
    '',
    `### LSTM-B against LSTM-I (seeds ${b.perSeed.map((s) => s.seed).join(', ')}; test split)`,
    '',
    table(
      [
        '',
        'score',
        `LSTM-B (mean${n > 1 ? ' ± std' : ''})`,
        `LSTM-I (mean${n > 1 ? ' ± std' : ''})`,
        'LSTM-I − LSTM-B (paired by seed: mean ± std, n)',
      ],
      [
        ...b.comparison.captioning.map((r) => comparisonRow(r, 'captioning')),
        ...b.comparison.interpretability.map((r) => comparisonRow(r, 'interpretability')),
      ],
    ),
    '',
    probeLine(b),
    '',
    sameInputsLine(b.perSeed),
    '',
    '### Refine protocol (Sec. 4, on LSTM-I)',
    '',
    refineTable(b),
    '',
    '### Per seed',
    '',
    perSeedTable(b),
    '',
    ...(b.notes.length ? ['Notes:', '', ...b.notes.map((x) => `- ${x}`), ''] : []),
  ];
}
