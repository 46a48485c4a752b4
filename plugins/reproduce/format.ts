import { formatBlock, formatChecklist } from './format-block.js';
import { table } from './markdown.js';
import type { Reproduction, WorldBlock } from './reproduce.js';
import type { RunRecord } from './types.js';
import { formatCount, formatStat, stat, type Stat } from './stats.js';

const withBefore = (after: Stat, before: Stat): string =>
  after.mean === null ? '—' : `${formatStat(after, 3)} (${formatStat(before, 3)})`;
const row = (b: WorldBlock, key: string) => b.comparison.captioning.find((r) => r.key === key)!;

/** The paper's numbers with ours beside them, one column per world. */
function paperTable(r: Reproduction): string {
  const p = r.paper;
  const cells = (f: (b: WorldBlock) => string) => r.blocks.map(f);
  const rows: string[][] = [
    ['Captioning BLEU-4', 'LSTM-B', p.captioning['LSTM-B'].Bleu_4.toFixed(3), ...cells((b) => formatStat(row(b, 'Bleu_4')['LSTM-B'], 3))],
    ['Captioning BLEU-4', 'LSTM-I', p.captioning['LSTM-I'].Bleu_4.toFixed(3), ...cells((b) => formatStat(row(b, 'Bleu_4')['LSTM-I'], 3))],
    ['Captioning METEOR', 'LSTM-B', p.captioning['LSTM-B'].METEOR.toFixed(3), ...cells((b) => formatStat(row(b, 'METEOR')['LSTM-B'], 3))],
    ['Captioning METEOR', 'LSTM-I', p.captioning['LSTM-I'].METEOR.toFixed(3), ...cells((b) => formatStat(row(b, 'METEOR')['LSTM-I'], 3))],
    [
      'Action recognition accuracy (%)',
      'LSTM-B (frozen)',
      p.transfer['LSTM-B'].toFixed(2),
      ...cells((b) => formatStat(b.transfer['LSTM-B'], 2, 100)),
    ],
    [
      'Action recognition accuracy (%)',
      'LSTM-I (frozen)',
      p.transfer['LSTM-I'].toFixed(2),
      ...cells((b) => formatStat(b.transfer['LSTM-I'], 2, 100)),
    ],
    [
      'Action recognition accuracy (%)',
      'LSTM-R (random, trained)',
      p.transfer['LSTM-R'].toFixed(2),
      ...cells((b) => formatStat(b.transfer['LSTM-R'], 2, 100)),
    ],
    [
      'Refined videos gaining the missing topic',
      'LSTM-I',
      `${p.refine.gained}/${p.refine.of}`,
      ...cells((b) => (b.refine.gained.mean === null ? '—' : `${formatCount(b.refine.gained)} of ${formatCount(b.refine.total)}`)),
    ],
    [
      'BLEU-4 after refining (before)',
      'LSTM-I',
      `${p.captioning['LSTM-I refined (20 videos)'].Bleu_4.toFixed(3)} (${p.captioning['LSTM-I'].Bleu_4.toFixed(3)})`,
      ...cells((b) => withBefore(b.refine.bleu4After, b.refine.bleu4Before)),
    ],
    [
      'METEOR after refining (before)',
      'LSTM-I',
      `${p.captioning['LSTM-I refined (20 videos)'].METEOR.toFixed(3)} (${p.captioning['LSTM-I'].METEOR.toFixed(3)})`,
      ...cells((b) => withBefore(b.refine.meteorAfter, b.refine.meteorBefore)),
    ],
  ];
  const ours = r.blocks.length === 1 ? ['Ours'] : r.blocks.map((b) => `Ours (${b.title.toLowerCase()})`);
  return table(['Quantity', 'Model', 'Paper', ...ours], rows);
}

/** The runs table's "stages run this time" cell: `train, evaluate`, `train, evaluate (on the queue's workers)` or `(all cached)`. */
export function stagesRun(x: Pick<RunRecord, 'stages' | 'queued'>): string {
  const ran = x.stages.filter((s) => s.status === 'ran').map((s) => s.name);
  return ran.length ? `${ran.join(', ')}${x.queued ? " (on the queue's workers)" : ''}` : '(all cached)';
}

/** reproduction.md: the paper's numbers next to ours, the targets, then each world's LSTM-B vs LSTM-I comparison. */
export function formatReproduction(r: Reproduction): string {
  const n = r.seeds.length;
  const p = r.paper;
  const ran = r.runs.map((x) => [
    x.role,
    String(x.seed),
    x.worldSeed === null ? '—' : String(x.worldSeed),
    x.name,
    stagesRun(x),
    `${x.seconds.toFixed(0)}s`,
  ]);
  const totalRuns = stat(r.runs.map((x) => x.seconds));
  const targetsFor =
    r.presetSet === 'quick'
      ? ''
      : ` They were set for the quick preset; this is preset set "${r.presetSet}", so read them as a reference only.`;
  return [
    `# Reproduction of Dong et al. 2017 (preset set "${r.presetSet}")`,
    '',
    `Seeds: ${r.seeds.join(', ')} (${n} ${n === 1 ? 'seed' : 'seeds'}; ours = mean${n > 1 ? ' ± sample standard deviation' : ''} over seeds).${r.worldSeeds.length ? ` World seeds: ${r.worldSeeds.join(', ')} (synthetic-clips dataset.options.worldSeed; runs named <preset>-s<seed>-w<world>).` : ''}`,
    `Data: captioning on **${r.datasets.captioning}**, transfer on **${r.datasets.transfer}**. The paper used ${p.datasets.captioning} and ${p.datasets.transfer}.`,
    ...(r.synthetic
      ? [
          '',
          "> **Synthetic data: these numbers are not comparable in value to the paper's.** They check that the pipeline runs end to end and show the *direction* of the comparisons (LSTM-I vs LSTM-B, frozen vs random encoder) on a generated world.",
        ]
      : []),
    '',
    paperTable(r),
    '',
    '## Targets (issue 14, quick preset)',
    '',
    `Each target must hold for every seed; "met" / "not met" are decided from the measured figures below.${targetsFor}`,
    '',
    ...r.blocks.flatMap((b) => [...(r.blocks.length > 1 ? [`${b.title}:`, ''] : []), ...formatChecklist(b.checklist), '']),
    ...r.blocks.flatMap((b) => formatBlock(b)),
    '## Runs',
    '',
    table(['run', 'seed', 'world', 'name', 'stages run this time', 'time'], ran),
    '',
    `Wall time of this call: ${r.seconds.toFixed(0)}s (runs ${totalRuns.values.reduce((a, b) => a + b, 0).toFixed(0)}s).`,
    ...(r.notes.length ? ['', '## Notes', '', ...r.notes.map((x) => `- ${x}`)] : []),
    '',
  ].join('\n');
}
