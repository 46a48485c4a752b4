import { escapeHtml as h } from '../escape.js';
import { corpusScoreRows, PAPER_SCORES, scoreRows } from '../extract.js';
import type { RunData } from '../read-run.js';
import { scoresSpec } from '../specs.js';
import { fmt, notesOf, table, type Note, type Section } from './common.js';

/** Table 2: corpus BLEU-4 / METEOR next to the paper's, and every corpus score of each run. */
export function scoresSection(runs: readonly RunData[]): Section {
  const rows = scoreRows(runs);
  const corpus = corpusScoreRows(runs);
  const datasets = [...new Set(runs.map((r) => (r.config.ok ? r.config.value.datasetType : undefined)).filter((d): d is string => !!d))];
  const synthetic = datasets.filter((d) => /synth|fake|toy|quick/i.test(d));
  const notes: Note[] = [
    {
      kind: 'info',
      text:
        `The paper's numbers are BLEU-4 and METEOR on the MSVD (YouTubeClips) test split with GoogLeNet features. ` +
        (synthetic.length
          ? `This report's runs use synthetic data (${synthetic.join(', ')}): their scores are NOT comparable in value with the paper's; compare only the direction of the differences (LSTM-I vs LSTM-B).`
          : `Scores from another data set, split, feature extractor or training length are not comparable in value; compare the direction of the differences (LSTM-I vs LSTM-B).`),
    },
    ...notesOf(runs, (r) => r.scores),
  ];
  const byModel = new Map<string, { b?: number; m?: number; source: string }>();
  for (const r of rows) {
    const e = byModel.get(r.model) ?? { source: r.source };
    if (r.metric === 'BLEU-4') e.b = r.value;
    else e.m = r.value;
    byModel.set(r.model, e);
  }
  const tables = [
    table(
      ['model', 'BLEU-4', 'METEOR', 'numbers from'],
      [...byModel].map(([model, e]) => [h(model), fmt(e.b), fmt(e.m), h(e.source)]),
      'scores',
    ),
  ];
  const metrics = [...new Set(corpus.map((c) => c.metric))];
  if (metrics.length) {
    const labels = runs.filter((r) => r.scores.ok).map((r) => r.label);
    tables.push(
      table(
        ['run', ...metrics],
        labels.map((label) => [h(label), ...metrics.map((m) => fmt(corpus.find((c) => c.run === label && c.metric === m)?.value))]),
        'corpus-scores',
      ),
    );
  }
  return {
    id: 'scores',
    title: 'Caption scores (Table 2)',
    lead: `Corpus BLEU-4 and METEOR of the test captions next to the paper's Table 2 (${PAPER_SCORES.map((p) => `${p.model} ${p.bleu4}/${p.meteor}`).join('; ')}).`,
    notes,
    charts: [{ id: 'scores', title: 'BLEU-4 and METEOR: paper vs this report', spec: scoresSpec(rows) }],
    tables,
    data: [
      { name: 'scores', rows: rows as unknown as Record<string, unknown>[] },
      ...(corpus.length ? [{ name: 'corpus-scores', rows: corpus }] : []),
    ],
  };
}
