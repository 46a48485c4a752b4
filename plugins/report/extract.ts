import { TOPIC_MEASURES, type NeuronMap, type RunData, type TopicMeasure } from './read-run.js';

/**
 * From run data to the rows of each table and chart. Pure functions: the same rows go to the
 * page (Vega-Lite `data.values`) and to `report/data/<chart>.json|csv`.
 */

/** Table 2 of the paper (YouTubeClips / MSVD test split, 670 videos). */
export const PAPER_SCORES = [
  { model: 'LSTM-B', bleu4: 0.416, meteor: 0.295 },
  { model: 'LSTM-I', bleu4: 0.446, meteor: 0.297 },
  { model: 'LSTM-I refined (20 videos)', bleu4: 0.449, meteor: 0.298 },
] as const;

/** Label of the evaluate stage's nearest-neighbour baseline in Table 2. */
export const NN_BASELINE = 'nearest-neighbour baseline';

const BLEU4_KEYS = ['Bleu_4', 'BLEU-4', 'BLEU_4', 'bleu4', 'bleu-4', 'bleu_4'];
const METEOR_KEYS = ['METEOR', 'Meteor', 'meteor'];

/** The first of `keys` present in `scores` (coco-caption names first). */
export function pickScore(scores: Record<string, number>, keys: readonly string[]): number | undefined {
  for (const k of keys) if (typeof scores[k] === 'number') return scores[k];
  return undefined;
}
export const bleu4Of = (s: Record<string, number>) => pickScore(s, BLEU4_KEYS);
export const meteorOf = (s: Record<string, number>) => pickScore(s, METEOR_KEYS);

/** Short topic label for charts: the part of a Table-1 name before `: ` (`dance: dancing, dance, ...` → `dance`). */
export const topicLabel = (name: string): string => {
  const i = name.indexOf(': ');
  return i < 0 ? name : name.slice(0, i);
};

/** Labels for a set of topic names; names whose short label collides keep their full name. */
export function labeler(names: Iterable<string>): (name: string) => string {
  const byLabel = new Map<string, Set<string>>();
  for (const n of names) byLabel.set(topicLabel(n), (byLabel.get(topicLabel(n)) ?? new Set()).add(n));
  return (name) => ((byLabel.get(topicLabel(name))?.size ?? 0) > 1 ? name : topicLabel(name));
}

export interface TopicRow {
  topic: number;
  name: string;
  topWords: string;
  videos: number | null;
  neurons: string;
}

/** Table 1 form: each topic's name and top words, with how many videos have it and its neurons. */
export function topicRows(run: RunData, maxWords = 8): TopicRow[] {
  if (!run.topics.ok) return [];
  const videos = run.topicVideos.ok ? run.topicVideos.value : undefined;
  const map = run.neuronMap.ok ? run.neuronMap.value : undefined;
  return run.topics.value.map((t, i) => ({
    topic: i,
    name: t.name,
    topWords: t.words
      .slice(0, maxWords)
      .map((w) => w[0])
      .join(' '),
    videos: videos?.[i] ?? null,
    neurons: map ? neuronsOfTopic(map, t.name).join(', ') : '',
  }));
}

/**
 * Index of a topic in `names`: by exact name, else by short label (stages name topics by their
 * Table-1 name or by its label: `dog: dog, puppy, ...` and `dog` are the same topic); -1 if absent.
 */
export function topicIndex(names: readonly string[], name: string): number {
  const exact = names.indexOf(name);
  if (exact >= 0) return exact;
  const label = topicLabel(name);
  const hits = names.flatMap((n, i) => (topicLabel(n) === label ? [i] : []));
  return hits.length === 1 ? hits[0]! : -1;
}

/** A topic's own neurons in a map (the neurons it names, primary first), looked up by topic name or label. */
export function neuronsOfTopic(map: NeuronMap, topicName: string): number[] {
  const k = topicIndex(map.topicNames, topicName);
  return k < 0 ? [] : map.names.ownNeurons[k]!;
}

export interface ScoreRow {
  model: string;
  source: string;
  metric: 'BLEU-4' | 'METEOR';
  value: number;
}

/** Table 2: the paper's BLEU-4/METEOR and each run's corpus scores (runs without scores are left out). */
export function scoreRows(runs: readonly RunData[]): ScoreRow[] {
  const rows: ScoreRow[] = [];
  for (const p of PAPER_SCORES) {
    rows.push({ model: p.model, source: 'paper (MSVD)', metric: 'BLEU-4', value: p.bleu4 });
    rows.push({ model: p.model, source: 'paper (MSVD)', metric: 'METEOR', value: p.meteor });
  }
  for (const run of runs) {
    if (!run.scores.ok) continue;
    const b = bleu4Of(run.scores.value.corpus);
    const m = meteorOf(run.scores.value.corpus);
    if (b !== undefined) rows.push({ model: run.label, source: 'this report', metric: 'BLEU-4', value: b });
    if (m !== undefined) rows.push({ model: run.label, source: 'this report', metric: 'METEOR', value: m });
    const base = run.scores.value.baseline;
    if (base && runs.indexOf(run) === 0) {
      // The evaluate stage's nearest-neighbour captions: a floor on the same data (shown once).
      const bb = bleu4Of(base);
      const bm = meteorOf(base);
      if (bb !== undefined) rows.push({ model: NN_BASELINE, source: 'this report', metric: 'BLEU-4', value: bb });
      if (bm !== undefined) rows.push({ model: NN_BASELINE, source: 'this report', metric: 'METEOR', value: bm });
    }
  }
  return rows;
}

/** Every corpus score of every run: {run, metric, value}. */
export function corpusScoreRows(runs: readonly RunData[]): { run: string; metric: string; value: number }[] {
  return runs.flatMap((run) =>
    run.scores.ok ? Object.entries(run.scores.value.corpus).map(([metric, value]) => ({ run: run.label, metric, value })) : [],
  );
}

export interface MeanActivationRow {
  run: string;
  topic: string;
  topicLabel: string;
  neuron: number;
  activation: number;
  role: 'topic neuron' | 'other neuron';
}

/**
 * Fig. 3 of a run made before attribute/fig3.json: the raw mean activation of every neuron over
 * test videos with the topic, per run, for up to `maxTopics` topics present in every such run.
 * Topics with an own neuron come first, then those with more videos, then by name. The run's own
 * map marks the topic's own neurons. Runs that have fig3.json are drawn by `fig3Rows` instead.
 */
export function meanActivationRows(runs: readonly RunData[], maxTopics = 4): { rows: MeanActivationRow[]; topics: string[] } {
  const withActs = runs.filter((r) => r.meanActivations.ok && !r.fig3.ok);
  if (withActs.length === 0) return { rows: [], topics: [] };
  const first = withActs[0]!;
  const acts = (r: RunData) => (r.meanActivations.ok ? r.meanActivations.value : {});
  let names = Object.keys(acts(first)).filter((t) => withActs.every((r) => t in acts(r)));
  if (names.length === 0) names = Object.keys(acts(first));
  const mapped = (t: string) => (first.neuronMap.ok && neuronsOfTopic(first.neuronMap.value, t).length > 0 ? 1 : 0);
  const videos = (t: string) => {
    if (!first.topics.ok || !first.topicVideos.ok) return 0;
    const i = topicIndex(
      first.topics.value.map((x) => x.name),
      t,
    );
    return i < 0 ? 0 : (first.topicVideos.value[i] ?? 0);
  };
  const topics = names.sort((a, b) => mapped(b) - mapped(a) || videos(b) - videos(a) || a.localeCompare(b)).slice(0, maxTopics);
  const label = labeler(topics);
  const rows: MeanActivationRow[] = [];
  for (const run of withActs) {
    for (const topic of topics) {
      const values = acts(run)[topic];
      if (!values) continue;
      const own = new Set(run.neuronMap.ok ? neuronsOfTopic(run.neuronMap.value, topic) : []);
      values.forEach((activation, neuron) => {
        rows.push({
          run: run.label,
          topic,
          topicLabel: label(topic),
          neuron,
          activation,
          role: own.has(neuron) ? 'topic neuron' : 'other neuron',
        });
      });
    }
  }
  return { rows, topics };
}

export interface ContrastRow {
  run: string;
  topic: string;
  topicLabel: string;
  neuron: number;
  /** Mean v̄_j over test videos with the topic minus the mean over those without it. */
  contrast: number;
  withMean: number;
  withoutMean: number;
  role: 'own neuron' | 'other neuron';
}

export interface ContrastPeak {
  run: string;
  topic: string;
  topicLabel: string;
  ownNeurons: number[];
  /** null: the topic has no own neuron. */
  direction: 1 | -1 | null;
  positives: number;
  negatives: number;
  /** Contrast at the own neuron with the largest |contrast|; null when the topic has no own neuron. */
  ownContrast: number | null;
  /** Rank of that neuron by |contrast| among all neurons (1 = the profile's peak). */
  ownRank: number | null;
  /** Largest |contrast| among the other neurons. */
  otherPeak: number;
}

/**
 * Fig. 3 from attribute/fig3.json: per neuron, the contrast withMean − withoutMean over test
 * videos, for up to `maxTopics` topics found in every run that has the file. Topics with own
 * neurons come first, then those with more test videos with the topic, then by name.
 */
export function fig3Rows(runs: readonly RunData[], maxTopics = 4): { rows: ContrastRow[]; peaks: ContrastPeak[]; topics: string[] } {
  const withFig = runs.filter((r) => r.fig3.ok);
  if (withFig.length === 0) return { rows: [], peaks: [], topics: [] };
  const entries = (r: RunData) => (r.fig3.ok ? r.fig3.value.topics : []);
  const find = (r: RunData, name: string) => {
    const list = entries(r);
    const i = topicIndex(
      list.map((t) => t.name),
      name,
    );
    return i < 0 ? undefined : list[i];
  };
  const first = entries(withFig[0]!);
  let pool = first.filter((t) => withFig.every((r) => find(r, t.name)));
  if (pool.length === 0) pool = first;
  const topics = [...pool]
    .sort(
      (a, b) => Number(b.neurons.length > 0) - Number(a.neurons.length > 0) || b.positives - a.positives || a.name.localeCompare(b.name),
    )
    .slice(0, maxTopics)
    .map((t) => t.name);
  const label = labeler(topics);
  const rows: ContrastRow[] = [];
  const peaks: ContrastPeak[] = [];
  for (const run of withFig) {
    for (const topic of topics) {
      const t = find(run, topic);
      if (!t) continue;
      const own = new Set(t.neurons);
      const contrast = t.withMean.map((w, j) => w - t.withoutMean[j]!);
      contrast.forEach((c, j) => {
        rows.push({
          run: run.label,
          topic,
          topicLabel: label(topic),
          neuron: j,
          contrast: c,
          withMean: t.withMean[j]!,
          withoutMean: t.withoutMean[j]!,
          role: own.has(j) ? 'own neuron' : 'other neuron',
        });
      });
      const byAbs = contrast.map((c, j) => ({ c, j })).sort((a, b) => Math.abs(b.c) - Math.abs(a.c) || a.j - b.j);
      const bestOwn = byAbs.findIndex((x) => own.has(x.j));
      peaks.push({
        run: run.label,
        topic,
        topicLabel: label(topic),
        ownNeurons: t.neurons,
        direction: t.direction,
        positives: t.positives,
        negatives: t.negatives,
        ownContrast: bestOwn < 0 ? null : byAbs[bestOwn]!.c,
        ownRank: bestOwn < 0 ? null : bestOwn + 1,
        otherPeak: Math.abs(byAbs.find((x) => !own.has(x.j))?.c ?? 0),
      });
    }
  }
  // Per topic, the runs one under the other: the table compares LSTM-I with LSTM-B topic by topic.
  peaks.sort((a, b) => topics.indexOf(a.topic) - topics.indexOf(b.topic));
  return { rows, peaks, topics };
}

export interface FrameActivationRow {
  run: string;
  video: string;
  series: string;
  topic: string;
  topicLabel: string;
  neuron: number;
  /** Whether the video has the topic (s_i = 1): 'yes', 'no', or 'unknown' when the file does not say. */
  inVideo: 'yes' | 'no' | 'unknown';
  frame: number;
  value: number;
}

/**
 * Fig. 4: activation of topic neurons through the frames of up to `maxVideos` sample videos per
 * run; per video up to `maxTopics` topics, those the video has (s_i = 1) first, in file order.
 */
export function frameActivationRows(runs: readonly RunData[], maxVideos = 4, maxTopics = 4): FrameActivationRow[] {
  const rows: FrameActivationRow[] = [];
  for (const run of runs) {
    if (!run.frameActivations.ok) continue;
    const fa = run.frameActivations.value;
    const label = labeler(new Set(Object.values(fa).flatMap((t) => Object.keys(t))));
    for (const video of Object.keys(fa).sort().slice(0, maxVideos)) {
      const entries = Object.entries(fa[video]!);
      const rank = (e: { relevant?: boolean }) => (e.relevant === true ? 0 : e.relevant === undefined ? 1 : 2);
      const chosen = entries
        .map((e, i) => ({ e, i }))
        .sort((a, b) => rank(a.e[1]) - rank(b.e[1]) || a.i - b.i)
        .slice(0, maxTopics);
      for (const {
        e: [topic, { neuron, values, relevant }],
      } of chosen) {
        const inVideo = relevant === undefined ? 'unknown' : relevant ? 'yes' : 'no';
        values.forEach((value, frame) => {
          rows.push({
            run: run.label,
            video,
            series: `${label(topic)} (neuron ${neuron})`,
            topic,
            topicLabel: label(topic),
            neuron,
            inVideo,
            frame,
            value,
          });
        });
      }
    }
  }
  return rows;
}

/** The neuron–topic map as cells {run, neuron, topic, topicLabel, named, count} (`named`: the topic that names the neuron), by topic index then neuron. */
export function neuronMapRows(
  runs: readonly RunData[],
): { run: string; neuron: number; topic: string; topicLabel: string; named: string; count: number }[] {
  return runs.flatMap((run) => {
    if (!run.neuronMap.ok) return [];
    const map = run.neuronMap.value;
    const label = labeler(map.topicNames);
    const nameOf = (j: number) => {
      const t = map.names.labelOf[j];
      return t === null || t === undefined ? '—' : label(map.topicNames[t]!);
    };
    return [...map.cells]
      .sort((a, b) => a.topic - b.topic || a.neuron - b.neuron)
      .map((c) => ({
        run: run.label,
        neuron: c.neuron,
        topic: map.topicNames[c.topic]!,
        topicLabel: label(map.topicNames[c.topic]!),
        named: nameOf(c.neuron),
        count: c.count,
      }));
  });
}

/** Training losses per epoch: {run, epoch, series: 'task loss' | 'interpretive loss', value}. */
export function lossRows(runs: readonly RunData[]): { run: string; epoch: number; series: string; value: number }[] {
  const rows: { run: string; epoch: number; series: string; value: number }[] = [];
  for (const run of runs) {
    if (!run.history.ok) continue;
    for (const e of run.history.value) {
      if (e.taskLoss !== undefined) rows.push({ run: run.label, epoch: e.epoch, series: 'task loss (−log p)', value: e.taskLoss });
      if (e.interpretiveLoss !== undefined)
        rows.push({ run: run.label, epoch: e.epoch, series: 'interpretive loss (L_I)', value: e.interpretiveLoss });
    }
  }
  return rows;
}

/**
 * Validation scores per epoch: {run, epoch, metric, panel, value}; `panel` names the chart panel
 * and marks the metric that selects the model (train.validation.metric), whose rows come first.
 */
export function validationRows(runs: readonly RunData[]): { run: string; epoch: number; metric: string; panel: string; value: number }[] {
  const selecting = new Set(runs.flatMap((r) => (r.config.ok && r.config.value.selectionMetric ? [r.config.value.selectionMetric] : [])));
  const rows = runs.flatMap((run) =>
    run.history.ok
      ? run.history.value.flatMap((e) =>
          Object.entries(e.val).map(([metric, value]) => ({
            run: run.label,
            epoch: e.epoch,
            metric,
            panel: selecting.has(metric) ? `${metric} (selection metric)` : metric,
            value,
          })),
        )
      : [],
  );
  return [...rows.filter((r) => selecting.has(r.metric)), ...rows.filter((r) => !selecting.has(r.metric))];
}

export interface CaptionRow {
  run: string;
  video: string;
  hypothesis: string;
  references: string[];
  bleu4: number | null;
  meteor: number | null;
}

/** Generated vs reference captions of the test videos, by video id, with per-video scores where present. */
export function captionRows(runs: readonly RunData[]): CaptionRow[] {
  const rows: CaptionRow[] = [];
  for (const run of runs) {
    if (!run.captions.ok) continue;
    const items = run.scores.ok ? run.scores.value.items : {};
    for (const video of Object.keys(run.captions.value).sort()) {
      const c = run.captions.value[video]!;
      const s = items[video] ?? {};
      rows.push({
        run: run.label,
        video,
        hypothesis: c.hypothesis,
        references: c.references,
        bleu4: bleu4Of(s) ?? null,
        meteor: meteorOf(s) ?? null,
      });
    }
  }
  return rows;
}

/** Per-topic measures: display name (also the chart panels' titles). */
export const TOPIC_MEASURE_NAMES: Record<TopicMeasure, string> = {
  detectorAuroc: 'detector AUROC (sign-aware)',
  selectivity: "selectivity (Cohen's d)",
  contrastPeakedness: 'contrast peakedness',
  decodingOwn: 'decoding AUROC, own neurons',
  decodingAll: 'decoding AUROC, all neurons',
  consistency: 'PDM consistency',
  signedAuroc: 'signed AUROC (sign-blind)',
  peakedness: 'peakedness of the with-topic mean',
  gini: 'Gini of the with-topic mean',
};

/**
 * Per-topic interpretability scores, one row per (run, topic, measure) with a value, in the order
 * of TOPIC_MEASURES (sign-aware scores first; the sign-blind AUROC after them); `measureName` is
 * the measure's display name.
 */
export function interpretabilityRows(
  runs: readonly RunData[],
): { run: string; topic: string; topicLabel: string; neuron: number | null; measure: TopicMeasure; measureName: string; value: number }[] {
  const rows: {
    run: string;
    topic: string;
    topicLabel: string;
    neuron: number | null;
    measure: TopicMeasure;
    measureName: string;
    value: number;
  }[] = [];
  for (const measure of TOPIC_MEASURES) {
    for (const run of runs) {
      if (!run.interpretability.ok) continue;
      const per = run.interpretability.value.perTopic;
      const label = labeler(per.map((t) => t.name));
      for (const t of per) {
        const value = t.scores[measure];
        if (value !== null && value !== undefined)
          rows.push({
            run: run.label,
            topic: t.name,
            topicLabel: label(t.name),
            neuron: t.neuron,
            measure,
            measureName: TOPIC_MEASURE_NAMES[measure],
            value,
          });
      }
    }
  }
  return rows;
}
