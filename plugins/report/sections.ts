import { relative } from 'node:path';
import { escapeHtml as h } from './escape.js';
import {
  captionRows,
  corpusScoreRows,
  frameActivationRows,
  interpretabilityRows,
  lossRows,
  meanActivationRows,
  neuronMapRows,
  PAPER_SCORES,
  scoreRows,
  topicRows,
  validationRows,
} from './extract.js';
import type { Part, RunData } from './read-run.js';
import { frameActivationSpec, interpretabilitySpec, meanActivationSpec, neuronMapSpec, perEpochSpec, scoresSpec, type VegaLiteSpec } from './specs.js';

export interface Chart {
  /** Element id and data file base name. */
  id: string;
  title: string;
  spec: VegaLiteSpec;
}

export interface DataFile {
  name: string;
  rows: Record<string, unknown>[];
  columns?: string[];
}

export interface Note {
  kind: 'missing' | 'info';
  /** Plain text (escaped when rendered). */
  text: string;
}

export interface Section {
  id: string;
  title: string;
  /** Plain text. */
  lead: string;
  notes: Note[];
  charts: Chart[];
  /** Trusted HTML built only from escaped pieces. */
  tables: string[];
  data: DataFile[];
}

/** Most caption rows shown per run on the page (all of them go to data/captions.*). */
export const CAPTIONS_SHOWN = 20;

/** What a missing or unreadable input means, and which stage to run. */
export function partNote(run: RunData, part: Part<unknown>): Note | undefined {
  if (part.ok) return undefined;
  const rel = relative(run.dir, part.file) || part.file;
  const who = part.stage === 'run' ? '`topiclens run` writes it' : `the "${part.stage}" stage writes it`;
  const text =
    part.problem === 'missing'
      ? `${run.label}: ${rel} is missing — ${who}. Run the experiment through that stage, then \`topiclens report ${run.dir}\` again.`
      : `${run.label}: ${rel} could not be read (${part.detail.replace(part.file, '').trim()}) — ${who}; run that stage again.`;
  return { kind: 'missing', text };
}

const notesOf = (runs: readonly RunData[], pick: (r: RunData) => Part<unknown>): Note[] =>
  runs.map((r) => partNote(r, pick(r))).filter((n): n is Note => n !== undefined);

const fmt = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '—' : v.toFixed(digits));

function table(head: string[], rows: string[][], cls = ''): string {
  const th = head.map((c) => `<th>${h(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${cls ? ` class="${h(cls)}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function topicsSection(runs: readonly RunData[]): Section {
  const main = runs[0]!;
  const rows = topicRows(main);
  const notes = notesOf([main], (r) => r.topics);
  if (main.topics.ok) notes.push(...notesOf([main], (r) => r.topicVideos), ...notesOf([main], (r) => r.neuronMap));
  return {
    id: 'topics',
    title: 'Topics (Table 1)',
    lead: `The topics of ${main.label}: each topic's name and its most probable words, how many videos have it (s_i = 1), and the neurons the attributor tied to it.`,
    notes,
    charts: [],
    tables: rows.length
      ? [table(['#', 'topic', 'top words', 'videos (all splits)', 'neurons'], rows.map((r) => [String(r.topic), h(r.name), h(r.topWords), r.videos === null ? '—' : String(r.videos), h(r.neurons || '—')]), 'topics')]
      : [],
    data: rows.length ? [{ name: 'topics', rows: rows as unknown as Record<string, unknown>[] }] : [],
  };
}

function scoresSection(runs: readonly RunData[]): Section {
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
    table(['model', 'BLEU-4', 'METEOR', 'numbers from'], [...byModel].map(([model, e]) => [h(model), fmt(e.b), fmt(e.m), h(e.source)]), 'scores'),
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

function meanActivationSection(runs: readonly RunData[]): Section {
  const { rows, topics } = meanActivationRows(runs);
  const notes = notesOf(runs, (r) => r.meanActivations);
  for (const r of runs) if (r.meanActivations.ok && !r.neuronMap.ok) notes.push({ kind: 'info', text: `${r.label}: no neuron–topic map, so its topic neurons are not marked.` });
  if (runs.length === 1) notes.push({ kind: 'info', text: 'Only one run: pass `--compare <other run>` (e.g. the LSTM-B run) to show the two models side by side as in Fig. 3.' });
  return {
    id: 'fig3',
    title: 'Mean activation per topic (Fig. 3)',
    lead: `For ${topics.length ? `each of ${topics.length} topics` : 'each topic'}: the mean activation of every encoder neuron over the test videos with that topic. The neuron the run's map ties to the topic is marked in red; with an interpretive loss it should stand out.`,
    notes,
    charts: rows.length ? [{ id: 'mean-activations', title: 'Mean activation of each neuron, per topic', spec: meanActivationSpec(rows) }] : [],
    tables: [],
    data: rows.length ? [{ name: 'mean-activations', rows: rows as unknown as Record<string, unknown>[] }] : [],
  };
}

function frameActivationSection(runs: readonly RunData[]): Section {
  const rows = frameActivationRows(runs);
  return {
    id: 'fig4',
    title: 'Topic neurons through time (Fig. 4)',
    lead: 'For sample test videos: the activation of each topic neuron at every frame (before the mean over frames).',
    notes: notesOf(runs, (r) => r.frameActivations),
    charts: rows.length ? [{ id: 'frame-activations', title: 'Activation of topic neurons per frame', spec: frameActivationSpec(rows) }] : [],
    tables: [],
    data: rows.length ? [{ name: 'frame-activations', rows: rows as unknown as Record<string, unknown>[] }] : [],
  };
}

function neuronMapSection(runs: readonly RunData[]): Section {
  const rows = neuronMapRows(runs);
  const notes = notesOf(runs, (r) => r.neuronMap);
  const tables: string[] = [];
  for (const run of runs) {
    if (!run.neuronMap.ok) continue;
    const map = run.neuronMap.value;
    notes.push({ kind: 'info', text: `${run.label}: method ${map.method}, ${map.numNeurons} neurons, ${map.cells.length} (neuron, topic) pairs.${map.notes.length ? ` Notes: ${map.notes.join(' ')}` : ''}` });
    const countOf = (t: number, n: number) => map.cells.find((c) => c.topic === t && c.neuron === n)?.count ?? 0;
    tables.push(
      `<h3>${h(run.label)}</h3>` +
        table(
          ['topic', 'neurons (times chosen)'],
          map.topicNames.map((name, t) => [h(name), map.topicNeurons[t]!.length ? h(map.topicNeurons[t]!.slice(0, 6).map((n) => `${n} (${countOf(t, n)})`).join(', ')) : '—']),
          'neuron-map',
        ),
    );
  }
  return {
    id: 'map',
    title: 'Neuron–topic map',
    lead: 'How often each neuron was chosen for each topic over the training videos (Eq. 9: the neuron whose removal lowers the topic prediction most).',
    notes,
    charts: rows.length ? [{ id: 'neuron-topic-map', title: 'Neuron–topic counts', spec: neuronMapSpec(rows) }] : [],
    tables,
    data: rows.length ? [{ name: 'neuron-topic-map', rows }] : [],
  };
}

const SUMMARY_NAMES: Record<string, string> = {
  meanAuroc: 'mean AUROC',
  topicsWithAuroc: 'topics with AUROC',
  meanPeakedness: 'mean peakedness',
  meanGini: 'mean Gini',
  topicsWithSelectivity: 'topics with selectivity',
  consistency: 'PDM consistency',
  pairs: '(video, topic) pairs',
  groundTruthAgreement: 'ground-truth agreement',
};

function interpretabilitySection(runs: readonly RunData[]): Section {
  const rows = interpretabilityRows(runs);
  const withScores = runs.filter((r) => r.interpretability.ok);
  const keys = [...new Set(withScores.flatMap((r) => (r.interpretability.ok ? Object.keys(r.interpretability.value.summary) : [])))];
  const summary = withScores.flatMap((r) => (r.interpretability.ok ? Object.entries(r.interpretability.value.summary).map(([measure, value]) => ({ run: r.label, measure, value })) : []));
  const isCount = (k: string) => k.startsWith('topics') || k === 'pairs';
  const tables = keys.length
    ? [
        table(
          ['measure', ...withScores.map((r) => r.label)],
          keys.map((k) => [h(SUMMARY_NAMES[k] ?? k), ...withScores.map((r) => (r.interpretability.ok ? fmt(r.interpretability.value.summary[k], isCount(k) ? 0 : 3) : '—'))]),
          'interpretability',
        ),
      ]
    : [];
  return {
    id: 'interpretability',
    title: 'Interpretability scores',
    lead: 'How well each topic\'s neuron detects the topic on test videos (AUROC), how often the attributor picks the same neuron for a topic (consistency), and how peaked each topic\'s mean activation vector is (peakedness, Gini).',
    notes: notesOf(runs, (r) => r.interpretability),
    charts: rows.length ? [{ id: 'interpretability', title: 'Per-topic scores (one point per topic)', spec: interpretabilitySpec(rows) }] : [],
    tables,
    data: [...(rows.length ? [{ name: 'interpretability', rows }] : []), ...(summary.length ? [{ name: 'interpretability-summary', rows: summary }] : [])],
  };
}

function trainingSection(runs: readonly RunData[]): Section {
  const losses = lossRows(runs);
  const val = validationRows(runs);
  const notes = notesOf(runs, (r) => r.history);
  if (runs.some((r) => r.history.ok) && val.length === 0) notes.push({ kind: 'info', text: 'train/history.json has no validation scores ("val") in any epoch.' });
  const charts: Chart[] = [];
  if (losses.length) charts.push({ id: 'training-loss', title: 'Training losses per epoch', spec: perEpochSpec(losses, 'series', 'loss') });
  if (val.length) charts.push({ id: 'validation-scores', title: 'Validation scores per epoch', spec: perEpochSpec(val, 'metric', 'score') });
  return {
    id: 'training',
    title: 'Training curves',
    lead: 'Task loss (−log p(y|x)) and interpretive loss (L_I) per epoch, and the validation scores after each epoch.',
    notes,
    charts,
    tables: [],
    data: [...(losses.length ? [{ name: 'training-loss', rows: losses }] : []), ...(val.length ? [{ name: 'validation-scores', rows: val }] : [])],
  };
}

function captionsSection(runs: readonly RunData[]): Section {
  const rows = captionRows(runs);
  const tables: string[] = [];
  for (const run of runs) {
    const mine = rows.filter((r) => r.run === run.label);
    if (!mine.length) continue;
    const shown = mine.slice(0, CAPTIONS_SHOWN);
    tables.push(
      `<h3>${h(run.label)}</h3><p class="small">${shown.length} of ${mine.length} test videos (all in data/captions.json).</p>` +
        table(
          ['video', 'generated', 'references', 'BLEU-4', 'METEOR'],
          shown.map((r) => [h(r.video), h(r.hypothesis), `<ul>${r.references.map((x) => `<li>${h(x)}</li>`).join('')}</ul>`, fmt(r.bleu4), fmt(r.meteor)]),
          'captions',
        ),
    );
  }
  return {
    id: 'captions',
    title: 'Sample captions',
    lead: 'Generated captions of test videos next to their reference sentences.',
    notes: notesOf(runs, (r) => r.captions),
    charts: [],
    tables,
    data: rows.length ? [{ name: 'captions', rows: rows as unknown as Record<string, unknown>[], columns: ['run', 'video', 'hypothesis', 'references', 'bleu4', 'meteor'] }] : [],
  };
}

/** Every section of the report, in page order. */
export function buildSections(runs: readonly RunData[]): Section[] {
  return [topicsSection(runs), scoresSection(runs), meanActivationSection(runs), frameActivationSection(runs), neuronMapSection(runs), interpretabilitySection(runs), trainingSection(runs), captionsSection(runs)];
}
