import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTRIBUTE_FILES } from '../stages/attribute/read-attribute.js';
import { CAPTIONS_FILE, parseCaptions, type CaptionsFile } from '../stages/evaluate/read-captions.js';
import { SCORES_FILE, parseScores, type ScoresFile } from '../stages/evaluate/read-scores.js';
import { ShapeError } from '../stages/shape-error.js';
import { HISTORY_FILE, parseHistory, type HistoryEntry } from '../stages/train/read-history.js';
import { TOPICS_FILE, TOPIC_VECTORS_FILE, parseTopicVectors, parseTopicsFile } from '../stages/topics/read-topics.js';
import { nameNeurons, type NeuronNames } from './neuron-names.js';

/**
 * The report's readers of a run folder (layout: core/runner/RUN-LAYOUT.md). Every input is read
 * into a `Part`: the value, or why it is not there (missing file, or present but unreadable) and
 * which stage writes it. Nothing here throws on a missing or malformed file: the report shows a
 * note in that section instead. A stage's own files are checked by that stage's parsers (e.g.
 * plugins/stages/topics/read-topics.ts); the others' names and shape checks are kept in this module.
 */

export type Part<T> =
  | { ok: true; value: T; file: string }
  | { ok: false; file: string; stage: string; problem: 'missing' | 'unreadable'; detail: string };

export interface RunConfigInfo {
  name?: string;
  seed?: number;
  datasetType?: string;
  interpretiveLossType?: string;
  lambda?: number;
  attributorType?: string;
  /** train.validation.metric: the validation score that selects the model (early stopping). */
  selectionMetric?: string;
}

export interface TopicInfo {
  name: string;
  /** [word, probability], most probable first. */
  words: [string, number][];
}

export type { HistoryEntry };

/** A video's generated caption and its references (evaluate/captions.json). */
export type CaptionEntry = CaptionsFile[string];

/** Every neuron–topic map form (the layout's `counts` matrix, the attributors' builder form, a `topics`-only list) in one shape. */
export interface NeuronMap {
  method: string;
  topicNames: string[];
  numNeurons: number;
  /** (neuron, topic) pairs with a count > 0. */
  cells: { neuron: number; topic: number; count: number }[];
  /** Per topic index: every neuron PDM chose for it, most often chosen first (one neuron may serve many topics). */
  topicNeurons: number[][];
  /** One name per neuron and each topic's own neurons: the map's, or derived for an older map (see neuron-names.ts). */
  names: NeuronNames;
  notes: string[];
}

/** Per-topic measures of attribute/interpretability.json; `signedAuroc` is the raw-sign AUROC (`auroc` in older files). */
export const TOPIC_MEASURES = ['detectorAuroc', 'selectivity', 'contrastPeakedness', 'decodingOwn', 'decodingAll', 'consistency', 'signedAuroc', 'peakedness', 'gini'] as const;
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

/** attribute/fig3.json: per topic, mean v̄ over the test videos with and without it (Fig. 3's contrast). */
export interface Fig3Info {
  split: string;
  topics: { topic: number; name: string; neurons: number[]; direction: 1 | -1; positives: number; negatives: number; withMean: number[]; withoutMean: number[] }[];
}

export interface RunData {
  dir: string;
  /** Display label: `LSTM-I`/`LSTM-B` plus the run name. */
  label: string;
  variant: 'LSTM-I' | 'LSTM-B' | 'run';
  config: Part<RunConfigInfo>;
  topics: Part<TopicInfo[]>;
  /** Videos per topic (from topic-vectors.json), by topic index. */
  topicVideos: Part<number[]>;
  history: Part<HistoryEntry[]>;
  captions: Part<Record<string, CaptionEntry>>;
  scores: Part<ScoresFile>;
  neuronMap: Part<NeuronMap>;
  meanActivations: Part<Record<string, number[]>>;
  frameActivations: Part<FrameActivations>;
  interpretability: Part<InterpretabilityInfo>;
  fig3: Part<Fig3Info>;
}

/** Where each input lives: [stage, file]. */
export const INPUTS = {
  config: ['run', 'config.json'],
  topics: ['topics', TOPICS_FILE],
  topicVideos: ['topics', TOPIC_VECTORS_FILE],
  history: ['train', HISTORY_FILE],
  captions: ['evaluate', CAPTIONS_FILE],
  scores: ['evaluate', SCORES_FILE],
  neuronMap: ['attribute', ATTRIBUTE_FILES.neuronTopicMap],
  meanActivations: ['attribute', ATTRIBUTE_FILES.meanActivations],
  frameActivations: ['attribute', ATTRIBUTE_FILES.frameActivations],
  interpretability: ['attribute', ATTRIBUTE_FILES.interpretability],
  fig3: ['attribute', ATTRIBUTE_FILES.fig3],
} as const;

/** A shape problem at a JSON path. */
class Shape extends Error {}
const fail = (path: string, expected: string, found: unknown): never => {
  const what = found === null ? 'null' : Array.isArray(found) ? 'an array' : typeof found === 'object' ? 'an object' : JSON.stringify(found);
  throw new Shape(`${path || '/'}: expected ${expected}, found ${what}`);
};
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown, path: string): Record<string, unknown> => (isObj(v) ? v : fail(path, 'an object', v));
const arr = (v: unknown, path: string): unknown[] => (Array.isArray(v) ? v : fail(path, 'an array', v));
const num = (v: unknown, path: string): number => (typeof v === 'number' && Number.isFinite(v) ? v : fail(path, 'a finite number', v));
const str = (v: unknown, path: string): string => (typeof v === 'string' ? v : fail(path, 'a string', v));
const int = (v: unknown, path: string): number => (Number.isInteger(v) ? (v as number) : fail(path, 'an integer', v));
const numOrNull = (v: unknown, path: string): number | null => (v === null || v === undefined ? null : num(v, path));
const numbers = (v: unknown, path: string): number[] => arr(v, path).map((x, i) => num(x, `${path}/${i}`));

/** Parse functions: raw JSON → typed value, throwing Shape with a JSON path when the shape is wrong. */
const parsers = {
  config(raw: unknown): RunConfigInfo {
    const c = obj(raw, '');
    const slot = (k: string) => (isObj(c[k]) ? (c[k] as Record<string, unknown>) : undefined);
    const il = slot('interpretiveLoss');
    const opts = il && isObj(il.options) ? il.options : {};
    const out: RunConfigInfo = {};
    if (typeof c.name === 'string') out.name = c.name;
    if (typeof c.seed === 'number') out.seed = c.seed;
    if (typeof slot('dataset')?.type === 'string') out.datasetType = slot('dataset')!.type as string;
    if (typeof il?.type === 'string') out.interpretiveLossType = il.type as string;
    if (typeof opts.lambda === 'number') out.lambda = opts.lambda;
    if (typeof slot('attributor')?.type === 'string') out.attributorType = slot('attributor')!.type as string;
    const validation = isObj(slot('train')?.validation) ? (slot('train')!.validation as Record<string, unknown>) : undefined;
    if (typeof validation?.metric === 'string') out.selectionMetric = validation.metric;
    return out;
  },
  topics: (raw: unknown): TopicInfo[] => parseTopicsFile(raw).topics,
  topicVideos(raw: unknown): number[] {
    const v = parseTopicVectors(raw);
    const counts = new Array<number>(v.numTopics).fill(0);
    for (const list of Object.values(v.vectors)) for (const i of list) counts[i]!++;
    return counts;
  },
  history: (raw: unknown): HistoryEntry[] => parseHistory(raw),
  captions: (raw: unknown): Record<string, CaptionEntry> => parseCaptions(raw),
  scores: (raw: unknown): ScoresFile => parseScores(raw),
  neuronMap(raw: unknown): NeuronMap {
    const o = obj(raw, '');
    const topicNames = arr(o.topicNames, '/topicNames').map((n, i) => str(n, `/topicNames/${i}`));
    const k = topicNames.length;
    const method = typeof o.method === 'string' ? o.method : 'unknown';
    const notes = Array.isArray(o.notes) ? o.notes.filter((n): n is string => typeof n === 'string') : [];
    const cells: NeuronMap['cells'] = [];
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
        r.forEach((c, t) => c > 0 && cells.push({ neuron: j, topic: t, count: c }));
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
          if (count > 0) cells.push({ neuron: int(e.neuron, `/topics/${t}/neurons/${b}/neuron`), topic: topicIndex(t, `/topics/${t}`), count });
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
          return e?.ownNeurons === undefined || e.ownNeurons === null ? [] : arr(e.ownNeurons, `/topics/${t}/ownNeurons`).map((j, b) => neuronIndex(j, `/topics/${t}/ownNeurons/${b}`));
        })
      : undefined;
    const topicNeurons: number[][] = topicNames.map((_, t) =>
      cells
        .filter((c) => c.topic === t)
        .sort((a, b) => b.count - a.count || a.neuron - b.neuron)
        .map((c) => c.neuron),
    );
    const names = nameNeurons({ numNeurons, numTopics: k, cells, ...(ownNeurons ? { ownNeurons } : {}), ...(labels.size ? { labels } : {}) });
    return { method, topicNames, numNeurons, cells, topicNeurons, names, notes };
  },
  meanActivations(raw: unknown): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    let d: number | undefined;
    for (const [topic, v] of Object.entries(obj(raw, ''))) {
      out[topic] = numbers(v, `/${topic}`);
      if (d !== undefined && out[topic]!.length !== d) fail(`/${topic}`, `${d} values like the topics before it`, `${out[topic]!.length} values`);
      d = out[topic]!.length;
    }
    return out;
  },
  interpretability(raw: unknown): InterpretabilityInfo {
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
      if (e.ownNeurons !== undefined && e.ownNeurons !== null) out.ownNeurons = arr(e.ownNeurons, `/perTopic/${i}/ownNeurons`).map((j, b) => int(j, `/perTopic/${i}/ownNeurons/${b}`));
      if (typeof e.standsOut === 'boolean' || e.standsOut === null) out.standsOut = e.standsOut;
      if (typeof e.positives === 'number') out.positives = e.positives;
      if (typeof e.negatives === 'number') out.negatives = e.negatives;
      return out;
    });
    const summary: Record<string, number | null> = {};
    if (o.summary !== undefined) for (const [k, v] of Object.entries(obj(o.summary, '/summary'))) if (!isObj(v) && !Array.isArray(v)) summary[k] = numOrNull(v, `/summary/${k}`);
    if ('meanAuroc' in summary && !('signedAuroc' in summary)) {
      summary.signedAuroc = summary.meanAuroc!;
      delete summary.meanAuroc;
    }
    const format = 'detectorAuroc' in summary || perTopic.some((t) => t.scores.detectorAuroc !== undefined) ? 'sign-aware' : 'legacy';
    return { perTopic, summary, format };
  },
  fig3(raw: unknown): Fig3Info {
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
        direction: (num(e.direction, `/topics/${i}/direction`) < 0 ? -1 : 1) as 1 | -1,
        positives: int(e.positives, `/topics/${i}/positives`),
        negatives: int(e.negatives, `/topics/${i}/negatives`),
        withMean,
        withoutMean,
      };
    });
    return { split: typeof o.split === 'string' ? o.split : 'test', topics };
  },
  frameActivations(raw: unknown): FrameActivations {
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
  },
};

/** Read one input of the run folder into a Part. */
export function readPart<K extends keyof typeof parsers>(runDir: string, key: K, stageDir = (s: string) => join(runDir, s)): Part<ReturnType<(typeof parsers)[K]>> {
  const [stage, name] = INPUTS[key];
  const file = stage === 'run' ? join(runDir, name) : join(stageDir(stage), name);
  if (!existsSync(file)) return { ok: false, file, stage, problem: 'missing', detail: `${file} does not exist` };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { ok: false, file, stage, problem: 'unreadable', detail: `${file} is not valid JSON (${(e as Error).message})` };
  }
  try {
    return { ok: true, file, value: parsers[key](raw) as ReturnType<(typeof parsers)[K]> };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, file, stage, problem: 'unreadable', detail: `${file} ${e.problem}` };
    if (!(e instanceof Shape)) throw e;
    return { ok: false, file, stage, problem: 'unreadable', detail: `${file} ${e.message}` };
  }
}

/** LSTM-I when the run trains with an interpretive loss of λ > 0; LSTM-B with none, type "none" or λ = 0. */
export function variantOf(config: Part<RunConfigInfo>): RunData['variant'] {
  if (!config.ok) return 'run';
  const c = config.value;
  if (c.interpretiveLossType === undefined || c.interpretiveLossType === 'none' || c.lambda === 0) return 'LSTM-B';
  return 'LSTM-I';
}

/** Everything the report reads from one run folder. */
export function readRun(runDir: string, stageDir?: (stage: string) => string): RunData {
  const config = readPart(runDir, 'config', stageDir);
  const variant = variantOf(config);
  const name = (config.ok && config.value.name) || runDir.split(/[\\/]/).filter(Boolean).pop() || runDir;
  return {
    dir: runDir,
    label: variant === 'run' ? name : `${variant} (${name})`,
    variant,
    config,
    topics: readPart(runDir, 'topics', stageDir),
    topicVideos: readPart(runDir, 'topicVideos', stageDir),
    history: readPart(runDir, 'history', stageDir),
    captions: readPart(runDir, 'captions', stageDir),
    scores: readPart(runDir, 'scores', stageDir),
    neuronMap: readPart(runDir, 'neuronMap', stageDir),
    meanActivations: readPart(runDir, 'meanActivations', stageDir),
    frameActivations: readPart(runDir, 'frameActivations', stageDir),
    interpretability: readPart(runDir, 'interpretability', stageDir),
    fig3: readPart(runDir, 'fig3', stageDir),
  };
}
