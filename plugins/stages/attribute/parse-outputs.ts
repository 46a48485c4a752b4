import { isObject as isObj, shapeFail } from '../shape-error.js';
import type { Fig3File } from './fig3.js';

/**
 * Lenient parsers of the attribute stage's outputs for readers that show what a run has, old
 * runs included (the report, the studio): every neuron–topic map form (the layout's `counts`
 * matrix, the attributors' builder form, a `topics`-only list), interpretability.json written
 * before the sign-aware AUROC, fig3.json without a split. Each throws a ShapeError naming the
 * first wrong JSON path. The strict reader of the current format is read-attribute.ts.
 */

const fail = (path: string, expected: string, found: unknown): never => shapeFail(path || '/', expected, found);
const obj = (v: unknown, path: string): Record<string, unknown> => (isObj(v) ? v : fail(path, 'an object', v));
const arr = (v: unknown, path: string): unknown[] => (Array.isArray(v) ? v : fail(path, 'an array', v));
const num = (v: unknown, path: string): number => (typeof v === 'number' && Number.isFinite(v) ? v : fail(path, 'a finite number', v));
const str = (v: unknown, path: string): string => (typeof v === 'string' ? v : fail(path, 'a string', v));
const int = (v: unknown, path: string): number => (Number.isInteger(v) ? (v as number) : fail(path, 'an integer', v));
const numOrNull = (v: unknown, path: string): number | null => (v === null || v === undefined ? null : num(v, path));
const numbers = (v: unknown, path: string): number[] => arr(v, path).map((x, i) => num(x, `${path}/${i}`));

/** A neuron–topic map in any form, in one shape. */
export interface ParsedNeuronMap {
  method: string;
  topicNames: string[];
  numNeurons: number;
  /** (neuron, topic) pairs with a count > 0. */
  cells: { neuron: number; topic: number; count: number }[];
  /** Per topic index: every neuron PDM chose for it, most often chosen first (one neuron may serve many topics). */
  topicNeurons: number[][];
  /** Per topic, the neurons the map names by it (`topics[].ownNeurons`), when the map gives them. */
  ownNeurons?: number[][];
  /** neuron → the topic that names it (`neurons[].label`), when the map gives them. */
  labels?: Map<number, number>;
  notes: string[];
}

/** Per-topic measures of attribute/interpretability.json; `signedAuroc` is the raw-sign AUROC (`auroc` in older files). */
export const TOPIC_MEASURES = [
  'detectorAuroc',
  'selectivity',
  'contrastPeakedness',
  'decodingOwn',
  'decodingAll',
  'consistency',
  'signedAuroc',
  'peakedness',
  'gini',
] as const;
export type TopicMeasure = (typeof TOPIC_MEASURES)[number];

export interface TopicScores {
  topic: number;
  name: string;
  /** The neuron scored for the topic (its primary own neuron); null when it has none (-1 in the file). */
  neuron: number | null;
  ownNeurons?: number[];
  /** Whether the neuron rises (1) or falls (−1) with the topic, fixed on the map videos. */
  direction?: 1 | -1;
  /** Whether the neuron stands out in the topic's contrast profile (Fig. 3). */
  standsOut?: boolean | null;
  positives?: number;
  negatives?: number;
  scores: Partial<Record<TopicMeasure, number | null>>;
}

/** attribute/interpretability.json (plugins/interpretability scores): per-topic scores and a summary. */
export interface InterpretabilityInfo {
  perTopic: TopicScores[];
  /** Summary values; an older file's `meanAuroc` is read as `signedAuroc` (it was the raw-sign score). */
  summary: Record<string, number | null>;
  /** 'sign-aware': the file has detector AUROCs; 'legacy': written before them (only the sign-blind AUROC). */
  format: 'sign-aware' | 'legacy';
}

/** video → topic → the topic neuron's activation per frame; `relevant`: the video has the topic (s_i = 1), when known. */
export type FrameActivations = Record<string, Record<string, { neuron: number; values: number[]; relevant?: boolean; direction?: 1 | -1 }>>;

/** attribute/fig3.json as read: the writer's shape (Fig3File), with whatever split string an older file gives. */
export type Fig3Info = Omit<Fig3File, 'split'> & { split: string };

export function parseNeuronMap(raw: unknown): ParsedNeuronMap {
  const o = obj(raw, '');
  const topicNames = arr(o.topicNames, '/topicNames').map((n, i) => str(n, `/topicNames/${i}`));
  const k = topicNames.length;
  const method = typeof o.method === 'string' ? o.method : 'unknown';
  const notes = Array.isArray(o.notes) ? o.notes.filter((n): n is string => typeof n === 'string') : [];
  const cells: ParsedNeuronMap['cells'] = [];
  let numNeurons: number;
  const topicIndex = (v: unknown, path: string): number => {
    const t = int(v, path);
    return t >= 0 && t < k ? t : fail(path, `a topic index in 0..${k - 1}`, t);
  };
  const labels = new Map<number, number>();
  if (Array.isArray(o.counts)) {
    // Layout form: counts [D][K].
    numNeurons = o.counts.length;
    o.counts.forEach((row, j) => {
      const r = numbers(row, `/counts/${j}`);
      if (r.length !== k) fail(`/counts/${j}`, `${k} counts (one per topic name)`, `${r.length} values`);
      r.forEach((c, t) => {
        if (c > 0) cells.push({ neuron: j, topic: t, count: c });
      });
    });
  } else if (Array.isArray(o.neurons)) {
    // Builder form (plugins/attributors/neuron-topic-map): neurons [{neuron, label?, topics: [{topic, count}]}].
    numNeurons = int(o.numNeurons, '/numNeurons');
    o.neurons.forEach((ne, a) => {
      const e = obj(ne, `/neurons/${a}`);
      const neuron = int(e.neuron, `/neurons/${a}/neuron`);
      if (e.label !== undefined && e.label !== null) labels.set(neuron, topicIndex(e.label, `/neurons/${a}/label`));
      arr(e.topics, `/neurons/${a}/topics`).forEach((t, b) => {
        const tt = obj(t, `/neurons/${a}/topics/${b}`);
        const count = num(tt.count, `/neurons/${a}/topics/${b}/count`);
        if (count > 0) cells.push({ neuron, topic: topicIndex(tt.topic, `/neurons/${a}/topics/${b}/topic`), count });
      });
    });
  } else if (Array.isArray(o.topics)) {
    // Topics-only form: topics [{neurons: [{neuron, count}]}].
    numNeurons = int(o.numNeurons, '/numNeurons');
    o.topics.forEach((tp, t) => {
      arr(obj(tp, `/topics/${t}`).neurons, `/topics/${t}/neurons`).forEach((n, b) => {
        const e = obj(n, `/topics/${t}/neurons/${b}`);
        const count = num(e.count, `/topics/${t}/neurons/${b}/count`);
        if (count > 0)
          cells.push({ neuron: int(e.neuron, `/topics/${t}/neurons/${b}/neuron`), topic: topicIndex(t, `/topics/${t}`), count });
      });
    });
  } else {
    return fail('/counts', 'a [neurons][topics] count matrix (or a "neurons" or "topics" list)', o.counts);
  }
  const neuronIndex = (v: unknown, path: string): number => {
    const j = int(v, path);
    return j >= 0 && j < numNeurons ? j : fail(path, `a neuron index in 0..${numNeurons - 1}`, j);
  };
  for (const c of cells) if (c.neuron < 0 || c.neuron >= numNeurons) fail('/neurons', `neuron indices in 0..${numNeurons - 1}`, c.neuron);
  const topicEntries = Array.isArray(o.topics) ? o.topics.map((t, i) => obj(t, `/topics/${i}`)) : [];
  const ownNeurons = topicEntries.some((t) => t.ownNeurons !== undefined)
    ? topicNames.map((_, t) => {
        const e = topicEntries.find((x, i) => (x.topic ?? i) === t);
        return e?.ownNeurons === undefined || e.ownNeurons === null
          ? []
          : arr(e.ownNeurons, `/topics/${t}/ownNeurons`).map((j, b) => neuronIndex(j, `/topics/${t}/ownNeurons/${b}`));
      })
    : undefined;
  const topicNeurons: number[][] = topicNames.map((_, t) =>
    cells
      .filter((c) => c.topic === t)
      .sort((a, b) => b.count - a.count || a.neuron - b.neuron)
      .map((c) => c.neuron),
  );
  return {
    method,
    topicNames,
    numNeurons,
    cells,
    topicNeurons,
    ...(ownNeurons ? { ownNeurons } : {}),
    ...(labels.size ? { labels } : {}),
    notes,
  };
}

export function parseMeanActivations(raw: unknown): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  let d: number | undefined;
  for (const [topic, v] of Object.entries(obj(raw, ''))) {
    out[topic] = numbers(v, `/${topic}`);
    if (d !== undefined && out[topic]!.length !== d)
      fail(`/${topic}`, `${d} values like the topics before it`, `${out[topic]!.length} values`);
    d = out[topic]!.length;
  }
  return out;
}

export function parseInterpretability(raw: unknown): InterpretabilityInfo {
  const o = obj(raw, '');
  const perTopic = arr(o.perTopic, '/perTopic').map((t, i): TopicScores => {
    const e = obj(t, `/perTopic/${i}`);
    const at = (k: string) => numOrNull(e[k], `/perTopic/${i}/${k}`);
    const scores: TopicScores['scores'] = {};
    for (const m of TOPIC_MEASURES) {
      const v = m === 'signedAuroc' ? (e.signedAuroc !== undefined ? at('signedAuroc') : at('auroc')) : at(m);
      if (e[m] !== undefined || (m === 'signedAuroc' && e.auroc !== undefined)) scores[m] = v;
    }
    const out: TopicScores = {
      topic: int(e.topic, `/perTopic/${i}/topic`),
      name: str(e.name, `/perTopic/${i}/name`),
      // -1: the topic has no neuron of its own.
      neuron: e.neuron === null || e.neuron === undefined || e.neuron === -1 ? null : int(e.neuron, `/perTopic/${i}/neuron`),
      scores,
    };
    if (e.direction !== undefined && e.direction !== null) out.direction = num(e.direction, `/perTopic/${i}/direction`) < 0 ? -1 : 1;
    if (e.ownNeurons !== undefined && e.ownNeurons !== null)
      out.ownNeurons = arr(e.ownNeurons, `/perTopic/${i}/ownNeurons`).map((j, b) => int(j, `/perTopic/${i}/ownNeurons/${b}`));
    if (typeof e.standsOut === 'boolean' || e.standsOut === null) out.standsOut = e.standsOut;
    if (typeof e.positives === 'number') out.positives = e.positives;
    if (typeof e.negatives === 'number') out.negatives = e.negatives;
    return out;
  });
  const summary: Record<string, number | null> = {};
  if (o.summary !== undefined)
    for (const [k, v] of Object.entries(obj(o.summary, '/summary')))
      if (!isObj(v) && !Array.isArray(v)) summary[k] = numOrNull(v, `/summary/${k}`);
  if ('meanAuroc' in summary && !('signedAuroc' in summary)) {
    summary.signedAuroc = summary.meanAuroc!;
    delete summary.meanAuroc;
  }
  const format = 'detectorAuroc' in summary || perTopic.some((t) => t.scores.detectorAuroc !== undefined) ? 'sign-aware' : 'legacy';
  return { perTopic, summary, format };
}

export function parseFig3(raw: unknown): Fig3Info {
  const o = obj(raw, '');
  let d: number | undefined;
  const topics = arr(o.topics, '/topics').map((t, i) => {
    const e = obj(t, `/topics/${i}`);
    const withMean = numbers(e.withMean, `/topics/${i}/withMean`);
    const withoutMean = numbers(e.withoutMean, `/topics/${i}/withoutMean`);
    d ??= withMean.length;
    if (withMean.length !== d) fail(`/topics/${i}/withMean`, `${d} values like the topics before it`, `${withMean.length} values`);
    if (withoutMean.length !== d) fail(`/topics/${i}/withoutMean`, `${d} values like withMean`, `${withoutMean.length} values`);
    const neurons = arr(e.neurons, `/topics/${i}/neurons`).map((j, b) => {
      const n = int(j, `/topics/${i}/neurons/${b}`);
      return n >= 0 && n < d! ? n : fail(`/topics/${i}/neurons/${b}`, `a neuron index in 0..${d! - 1}`, n);
    });
    return {
      topic: int(e.topic, `/topics/${i}/topic`),
      name: str(e.name, `/topics/${i}/name`),
      neurons,
      direction:
        e.direction === null && neurons.length === 0 ? null : ((num(e.direction, `/topics/${i}/direction`) < 0 ? -1 : 1) as 1 | -1),
      positives: int(e.positives, `/topics/${i}/positives`),
      negatives: int(e.negatives, `/topics/${i}/negatives`),
      withMean,
      withoutMean,
    };
  });
  return { split: typeof o.split === 'string' ? o.split : 'test', topics };
}

export function parseFrameActivations(raw: unknown): FrameActivations {
  const out: FrameActivations = {};
  for (const [video, topics] of Object.entries(obj(raw, ''))) {
    out[video] = {};
    for (const [topic, e] of Object.entries(obj(topics, `/${video}`))) {
      const o = obj(e, `/${video}/${topic}`);
      out[video]![topic] = { neuron: int(o.neuron, `/${video}/${topic}/neuron`), values: numbers(o.values, `/${video}/${topic}/values`) };
      if (typeof o.relevant === 'boolean') out[video]![topic]!.relevant = o.relevant;
      if (typeof o.direction === 'number') out[video]![topic]!.direction = o.direction < 0 ? -1 : 1;
    }
  }
  return out;
}
