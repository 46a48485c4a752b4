import { escapeHtml as h } from '../escape.js';
import { interpretabilityRows, labeler, TOPIC_MEASURE_NAMES } from '../extract.js';
import { TOPIC_MEASURES, type RunData } from '../read-run.js';
import { interpretabilitySpec } from '../specs.js';
import { details, fmt, notesOf, table, type Note, type Section } from './common.js';

/** Summary values of interpretability.json: display name, one-line meaning, digits. Unknown keys follow under their own name. */
export const SUMMARY_MEASURES: { key: string; name: string; meaning: string; digits: number }[] = [
  {
    key: 'detectorAuroc',
    name: 'detector AUROC (sign-aware)',
    meaning:
      "How well each topic's primary own neuron, read in its direction (rises or falls, fixed on the map videos), tells test videos with the topic from those without; mean over scored topics. 0.5 = chance, 1 = perfect, below 0.5 = the direction is wrong on the test videos.",
    digits: 3,
  },
  {
    key: 'selectivity',
    name: "selectivity (Cohen's d)",
    meaning:
      "The primary neuron's mean with the topic minus its mean without it (test videos), in pooled standard deviations and in its direction. 0 = no difference, 0.8 = a large one.",
    digits: 3,
  },
  {
    key: 'contrastPeakedness',
    name: 'contrast peakedness',
    meaning:
      "How much a topic's contrast profile over neurons (Fig. 3: mean with − mean without) is one peak: 0 = every neuron moves equally, 1 = only one neuron moves.",
    digits: 3,
  },
  {
    key: 'standsOutShare',
    name: 'own neuron stands out',
    meaning: "Share of scored topics whose neuron that moves most in Fig. 3 (largest |contrast|) is one of the topic's own neurons.",
    digits: 3,
  },
  {
    key: 'decodingOwn',
    name: 'decoding AUROC, own neurons',
    meaning:
      "AUROC of a logistic reader of s_i from the topic's own neurons only, fitted on the map videos, on the test videos; 0.5 = chance.",
    digits: 3,
  },
  {
    key: 'decodingAll',
    name: 'decoding AUROC, all neurons',
    meaning:
      'The same reader from all neurons: how much of the topic the features carry at all. Own near all: the topic sits in its own neurons; own near 0.5 while all is high: it is spread over others.',
    digits: 3,
  },
  {
    key: 'groundTruthAgreement',
    name: 'ground-truth agreement',
    meaning: 'Synthetic data: share of topics whose primary neuron best tracks the planted attribute that matches the topic (1 = all).',
    digits: 3,
  },
  {
    key: 'consistency',
    name: 'PDM consistency',
    meaning: "Share of PDM's (video, topic) choices that picked the topic's most chosen neuron.",
    digits: 3,
  },
  {
    key: 'signedAuroc',
    name: 'signed AUROC (sign-blind)',
    meaning:
      'AUROC of the raw activation, as if every neuron rose with its topic: a neuron that falls with its topic scores below 0.5 although it detects it. For comparison with older runs only.',
    digits: 3,
  },
  {
    key: 'meanPeakedness',
    name: 'peakedness of the with-topic mean',
    meaning:
      '(max − mean of the rest) / (max + mean of the rest) of |mean activation| over test videos with the topic, no subtraction: dominated by neurons large in every video.',
    digits: 3,
  },
  {
    key: 'meanGini',
    name: 'Gini of the with-topic mean',
    meaning: 'Inequality of |mean activation| over neurons (0 = all equal), of the same raw profile.',
    digits: 3,
  },
  {
    key: 'topicsScored',
    name: 'topics scored',
    meaning: 'Topics with an own neuron and test videos both with and without them: the means above are over these.',
    digits: 0,
  },
  {
    key: 'topicsWithoutNeuron',
    name: 'topics without a neuron',
    meaning: 'Topics with test videos of both kinds but no own neuron: left out of the means above.',
    digits: 0,
  },
  {
    key: 'topicsWithAuroc',
    name: 'topics with AUROC',
    meaning: 'Topics with test videos both with and without them (older files).',
    digits: 0,
  },
  {
    key: 'topicsWithSelectivity',
    name: 'topics with a with-topic profile',
    meaning: 'Topics averaged in the two raw-profile lines (peakedness, Gini).',
    digits: 0,
  },
  { key: 'pairs', name: '(video, topic) pairs', meaning: 'PDM choices over the map videos.', digits: 0 },
];

function summaryTable(runs: readonly RunData[]): string | undefined {
  const withScores = runs.filter((r) => r.interpretability.ok);
  const present = new Set(withScores.flatMap((r) => (r.interpretability.ok ? Object.keys(r.interpretability.value.summary) : [])));
  if (present.size === 0) return undefined;
  const known = SUMMARY_MEASURES.filter((m) => present.has(m.key));
  const unknown = [...present]
    .filter((k) => !SUMMARY_MEASURES.some((m) => m.key === k))
    .map((key) => ({ key, name: key, meaning: '', digits: 3 }));
  return table(
    ['measure', 'what it means', ...withScores.map((r) => r.label)],
    [...known, ...unknown].map((m) => [
      h(m.name),
      `<span class="small">${h(m.meaning)}</span>`,
      ...withScores.map((r) =>
        r.interpretability.ok && m.key in r.interpretability.value.summary
          ? fmt(r.interpretability.value.summary[m.key], m.digits)
          : 'not in this run',
      ),
    ]),
    'interpretability',
  );
}

function perTopicTable(run: RunData): string | undefined {
  if (!run.interpretability.ok) return undefined;
  const per = run.interpretability.value.perTopic;
  if (per.length === 0) return undefined;
  const label = labeler(per.map((t) => t.name));
  const measures = TOPIC_MEASURES.filter((m) => per.some((t) => t.scores[m] !== undefined));
  const hasDirection = per.some((t) => t.direction !== undefined);
  const hasStandsOut = per.some((t) => t.standsOut !== undefined);
  const head = [
    'topic',
    'neurons',
    ...(hasDirection ? ['direction'] : []),
    ...(hasStandsOut ? ['stands out'] : []),
    ...measures.map((m) => TOPIC_MEASURE_NAMES[m]),
  ];
  const rows = per.map((t) => [
    h(label(t.name)),
    h((t.ownNeurons ?? (t.neuron === null ? [] : [t.neuron])).join(', ') || '—'),
    ...(hasDirection ? [t.direction === undefined ? '—' : t.direction > 0 ? 'rises' : 'falls'] : []),
    ...(hasStandsOut ? [t.standsOut === undefined || t.standsOut === null ? '—' : t.standsOut ? 'yes' : 'no'] : []),
    ...measures.map((m) => fmt(t.scores[m])),
  ]);
  return details(`Per-topic scores of ${run.label} (${per.length} topics)`, table(head, rows, 'interpretability-topics'));
}

/** Interpretability scores: a summary with what each measure means, per-topic box plots and tables. */
export function interpretabilitySection(runs: readonly RunData[]): Section {
  const rows = interpretabilityRows(runs);
  const withScores = runs.filter((r) => r.interpretability.ok);
  const summary = withScores.flatMap((r) =>
    r.interpretability.ok
      ? Object.entries(r.interpretability.value.summary).map(([measure, value]) => ({ run: r.label, measure, value }))
      : [],
  );
  const notes: Note[] = notesOf(runs, (r) => r.interpretability);
  for (const r of withScores) {
    if (r.interpretability.ok && r.interpretability.value.format === 'legacy') {
      notes.push({
        kind: 'info',
        text: `${r.label}: attribute/interpretability.json was written before the sign-aware scores, so it has no detector AUROC, selectivity or decoding scores; its AUROC reads the raw activation and is shown as the sign-blind "signed AUROC"${typeof r.interpretability.value.summary.groundTruthAgreement === 'number' ? ", and its ground-truth agreement judged every labelled neuron, not each topic's primary one" : ''}. Rerun \`topiclens attribute ${r.dir}\` to score it.`,
      });
    }
    if (r.variant === 'LSTM-B')
      notes.push({
        kind: 'info',
        text: `${r.label} has no interpretive loss and so no f of its own: the attribute stage named its neurons through a probe f fitted on its frozen features.`,
      });
  }
  const tables = [summaryTable(runs), ...runs.map(perTopicTable)].filter((t): t is string => t !== undefined);
  return {
    id: 'interpretability',
    title: 'Interpretability scores',
    lead: "Whether each topic's own neuron reads as the topic on test videos: detects it (AUROC, 0.5 = chance), separates videos with and without it (selectivity), peaks in its profile (Fig. 3), and carries it for a reader (decoding); each measure is explained in the table.",
    notes,
    charts: rows.length
      ? [{ id: 'interpretability', title: 'Per-topic scores (one point per topic)', spec: interpretabilitySpec(rows) }]
      : [],
    tables,
    data: [
      ...(rows.length ? [{ name: 'interpretability', rows }] : []),
      ...(summary.length ? [{ name: 'interpretability-summary', rows: summary }] : []),
    ],
  };
}
