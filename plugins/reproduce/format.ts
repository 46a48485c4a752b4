import type { Reproduction } from './reproduce.js';
import { formatStat, stat, type Stat } from './stats.js';

/** reproduction.md: our numbers (mean ± std over seeds) next to the paper's. */
const withBefore = (after: Stat, before: Stat): string => (after.mean === null ? '—' : `${formatStat(after, 3)} (${formatStat(before, 3)})`);

export function formatReproduction(r: Reproduction): string {
  const n = r.seeds.length;
  const p = r.paper;
  const o = r.ours;
  const rows: string[][] = [
    ['Captioning BLEU-4', 'LSTM-B', p.captioning['LSTM-B'].Bleu_4.toFixed(3), formatStat(o.captioning['LSTM-B']!.Bleu_4, 3)],
    ['Captioning BLEU-4', 'LSTM-I', p.captioning['LSTM-I'].Bleu_4.toFixed(3), formatStat(o.captioning['LSTM-I']!.Bleu_4, 3)],
    ['Captioning METEOR', 'LSTM-B', p.captioning['LSTM-B'].METEOR.toFixed(3), formatStat(o.captioning['LSTM-B']!.METEOR, 3)],
    ['Captioning METEOR', 'LSTM-I', p.captioning['LSTM-I'].METEOR.toFixed(3), formatStat(o.captioning['LSTM-I']!.METEOR, 3)],
    ['Action recognition accuracy (%)', 'LSTM-B (frozen)', p.transfer['LSTM-B'].toFixed(2), formatStat(o.transfer['LSTM-B']!, 2, 100)],
    ['Action recognition accuracy (%)', 'LSTM-I (frozen)', p.transfer['LSTM-I'].toFixed(2), formatStat(o.transfer['LSTM-I']!, 2, 100)],
    ['Action recognition accuracy (%)', 'LSTM-R (random, trained)', p.transfer['LSTM-R'].toFixed(2), formatStat(o.transfer['LSTM-R']!, 2, 100)],
    ['Refined videos gaining the missing topic', 'LSTM-I', `${p.refine.gained}/${p.refine.of}`, o.refine.gained.mean === null ? '—' : `${formatStat(o.refine.gained, 1)} of ${o.refine.selected.std ? formatStat(o.refine.selected, 1) : o.refine.selected.mean}`],
    ['BLEU-4 after refining (before)', 'LSTM-I', `${p.captioning['LSTM-I refined (20 videos)'].Bleu_4.toFixed(3)} (${p.captioning['LSTM-I'].Bleu_4.toFixed(3)})`, withBefore(o.refine.Bleu_4After, o.refine.Bleu_4Before)],
    ['METEOR after refining (before)', 'LSTM-I', `${p.captioning['LSTM-I refined (20 videos)'].METEOR.toFixed(3)} (${p.captioning['LSTM-I'].METEOR.toFixed(3)})`, withBefore(o.refine.METEORAfter, o.refine.METEORBefore)],
  ];
  const table = (head: string[], body: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  const interp = (['LSTM-B', 'LSTM-I'] as const).map((m) => {
    const i = o.interpretability[m]!;
    return [m, formatStat(i.meanAuroc, 3), formatStat(i.consistency, 3), formatStat(i.groundTruthAgreement, 3)];
  });
  const perSeed = r.perSeed.map((s) => {
    const c = (m: 'LSTM-B' | 'LSTM-I', k: 'Bleu_4' | 'METEOR') => (s.captioning[m]?.[k] === undefined ? '—' : s.captioning[m]![k]!.toFixed(3));
    const t = (m: 'LSTM-B' | 'LSTM-I' | 'LSTM-R') => (s.transfer[m] === undefined ? '—' : (100 * s.transfer[m]!).toFixed(2));
    const rf = s.refine && !('skipped' in s.refine) ? `${s.refine.carriedAfterOwn}/${s.refine.selected} (after all: ${s.refine.carriedAfterAll})` : 'skipped';
    return [String(s.seed), c('LSTM-B', 'Bleu_4'), c('LSTM-I', 'Bleu_4'), c('LSTM-B', 'METEOR'), c('LSTM-I', 'METEOR'), t('LSTM-B'), t('LSTM-I'), t('LSTM-R'), rf];
  });
  const ran = r.runs.map((x) => [x.role, String(x.seed), x.preset, x.stages.filter((s) => s.status === 'ran').map((s) => s.name).join(', ') || '(all cached)', `${x.seconds.toFixed(0)}s`]);
  const totalRuns = stat(r.runs.map((x) => x.seconds));
  return [
    `# Reproduction of Dong et al. 2017 (preset set "${r.presetSet}")`,
    '',
    `Seeds: ${r.seeds.join(', ')} (${n} ${n === 1 ? 'seed' : 'seeds'}; ours = mean${n > 1 ? ' ± sample standard deviation' : ''} over seeds).`,
    `Data: captioning on **${r.datasets.captioning}**, transfer on **${r.datasets.transfer}**. The paper used ${p.datasets.captioning} and ${p.datasets.transfer}.`,
    ...(r.synthetic ? ['', '> **Synthetic data: these numbers are not comparable in value to the paper\'s.** They check that the pipeline runs end to end and show the *direction* of the comparisons (LSTM-I vs LSTM-B, frozen vs random encoder) on a generated world.'] : []),
    '',
    table(['Quantity', 'Model', 'Paper', 'Ours'], rows),
    '',
    '## Interpretability of the neuron–topic map (test videos)',
    '',
    table(['Model', 'mean AUROC', 'PDM consistency', 'ground-truth agreement'], interp),
    '',
    '## Per seed',
    '',
    table(['seed', 'BLEU-4 B', 'BLEU-4 I', 'METEOR B', 'METEOR I', 'acc B %', 'acc I %', 'acc R %', 'refine (gained/selected)'], perSeed),
    '',
    '## Runs',
    '',
    table(['run', 'seed', 'preset', 'stages run this time', 'time'], ran),
    '',
    `Wall time of this call: ${r.seconds.toFixed(0)}s (runs ${(totalRuns.values.reduce((a, b) => a + b, 0)).toFixed(0)}s).`,
    ...(r.notes.length ? ['', '## Notes', '', ...r.notes.map((x) => `- ${x}`)] : []),
    '',
  ].join('\n');
}
