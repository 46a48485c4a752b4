import { escapeHtml as h } from '../escape.js';
import { fig3Rows, meanActivationRows } from '../extract.js';
import type { RunData } from '../read-run.js';
import { contrastSpec, meanActivationSpec } from '../specs.js';
import { fmt, partNote, table, type Chart, type DataFile, type Note, type Section } from './common.js';

const WHAT =
  'the mean activation of each encoder neuron over the test videos with the topic minus its mean over the test videos without it';

/**
 * Fig. 3: per topic, the contrast profile over neurons (attribute/fig3.json) with the topic's
 * own neurons marked; runs made before fig3.json show their raw with-topic mean instead, said so.
 */
export function fig3Section(runs: readonly RunData[]): Section {
  const contrast = fig3Rows(runs);
  const legacy = meanActivationRows(runs);
  const notes: Note[] = [];
  for (const r of runs) {
    if (r.fig3.ok) continue;
    if (r.fig3.problem === 'missing' && r.meanActivations.ok) {
      notes.push({
        kind: 'missing',
        text: `${r.label}: attribute/fig3.json is missing (the run was made before the attribute stage wrote it), so its contrast cannot be drawn: its chart below shows the raw mean activation over the test videos with the topic (attribute/mean-activations.json), which is not the contrast. Rerun \`topiclens attribute ${r.dir}\`, then \`topiclens report ${r.dir}\`.`,
      });
    } else notes.push(partNote(r, r.fig3)!, ...(r.meanActivations.ok ? [] : [partNote(r, r.meanActivations)!]));
    if (!r.neuronMap.ok) notes.push({ kind: 'info', text: `${r.label}: no neuron–topic map, so its topic neurons are not marked.` });
  }
  if (runs.length === 1)
    notes.push({
      kind: 'info',
      text: 'Only one run: pass `--compare <other run>` (e.g. the LSTM-B run) to show the two models side by side as in Fig. 3.',
    });
  const charts: Chart[] = [];
  const data: DataFile[] = [];
  const tables: string[] = [];
  if (contrast.rows.length) {
    charts.push({
      id: 'fig3-contrast',
      title: `Per neuron: mean with the topic − mean without it (test videos); red ▼ = the topic's own neurons`,
      spec: contrastSpec(contrast.rows),
    });
    data.push(
      { name: 'fig3-contrast', rows: contrast.rows as unknown as Record<string, unknown>[] },
      { name: 'fig3-peaks', rows: contrast.peaks as unknown as Record<string, unknown>[] },
    );
    tables.push(
      table(
        [
          'run',
          'topic',
          'own neurons',
          'direction',
          'test videos with / without',
          'contrast at own neuron',
          'its rank by |contrast| (1 = peak)',
          'largest |contrast| of the other neurons',
        ],
        contrast.peaks.map((p) => [
          h(p.run),
          h(p.topicLabel),
          h(p.ownNeurons.join(', ') || '—'),
          p.direction === null ? '—' : p.direction > 0 ? 'rises' : 'falls',
          `${p.positives} / ${p.negatives}`,
          fmt(p.ownContrast),
          p.ownRank === null ? '—' : String(p.ownRank),
          fmt(p.otherPeak),
        ]),
        'fig3-peaks',
      ),
    );
  }
  if (legacy.rows.length) {
    const who = [...new Set(legacy.rows.map((r) => r.run))].join(', ');
    charts.push({
      id: 'mean-activations',
      title: `${who}: mean activation over the test videos with the topic (no contrast: made before fig3.json); red ▼ = the topic's own neurons`,
      spec: meanActivationSpec(legacy.rows),
    });
    data.push({ name: 'mean-activations', rows: legacy.rows as unknown as Record<string, unknown>[] });
  }
  const n = contrast.topics.length || legacy.topics.length;
  const drawn = contrast.rows.length
    ? `one bar per neuron: ${WHAT}` +
      (legacy.rows.length ? ' (the second chart: the raw with-topic mean of the runs made before fig3.json)' : '')
    : legacy.rows.length
      ? 'one bar per neuron: the mean activation of each encoder neuron over the test videos with the topic (not the contrast with the videos without it: these runs were made before attribute/fig3.json)'
      : `one bar per neuron: ${WHAT}`;
  return {
    id: 'fig3',
    title: 'Topic profiles over neurons (Fig. 3)',
    lead:
      `For ${n ? `each of ${n} topics` : 'each topic'} and each run, ${drawn}. ` +
      `The topic's own neurons (named by it in the neuron–topic map) are red and marked ▼; hover a bar for its values. ` +
      `The paper's claim: with the interpretive loss (LSTM-I) the profile peaks at the topic's own neurons, without it (LSTM-B) it does not.` +
      (contrast.rows.length
        ? " A neuron that falls with its topic peaks downwards. The table gives, per topic, the own neuron's contrast and its rank among all neurons."
        : ''),
    notes,
    charts,
    tables,
    data,
  };
}
