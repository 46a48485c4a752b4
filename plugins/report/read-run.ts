import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseFig3,
  parseFrameActivations,
  parseInterpretability,
  parseMeanActivations,
  parseNeuronMap,
  type Fig3Info,
  type ParsedNeuronMap,
  type FrameActivations,
  type InterpretabilityInfo,
} from '../stages/attribute/parse-outputs.js';
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
 * note in that section instead. Each stage's files are checked by that stage's parsers
 * (plugins/stages/topics/read-topics.ts, train/read-history.ts, attribute/parse-outputs.ts, …);
 * only config.json's few fields are read here.
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
export interface NeuronMap extends Omit<ParsedNeuronMap, 'ownNeurons' | 'labels'> {
  /** One name per neuron and each topic's own neurons: the map's, or derived for an older map (see neuron-names.ts). */
  names: NeuronNames;
}

export {
  TOPIC_MEASURES,
  type TopicMeasure,
  type TopicScores,
  type InterpretabilityInfo,
  type FrameActivations,
  type Fig3Info,
} from '../stages/attribute/parse-outputs.js';

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
  const what =
    found === null ? 'null' : Array.isArray(found) ? 'an array' : typeof found === 'object' ? 'an object' : JSON.stringify(found);
  throw new Shape(`${path || '/'}: expected ${expected}, found ${what}`);
};
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown, path: string): Record<string, unknown> => (isObj(v) ? v : fail(path, 'an object', v));

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
    const { method, topicNames, numNeurons, cells, topicNeurons, ownNeurons, labels, notes } = parseNeuronMap(raw);
    const names = nameNeurons({
      numNeurons,
      numTopics: topicNames.length,
      cells,
      ...(ownNeurons ? { ownNeurons } : {}),
      ...(labels ? { labels } : {}),
    });
    return { method, topicNames, numNeurons, cells, topicNeurons, names, notes };
  },
  meanActivations: (raw: unknown): Record<string, number[]> => parseMeanActivations(raw),
  interpretability: (raw: unknown): InterpretabilityInfo => parseInterpretability(raw),
  fig3: (raw: unknown): Fig3Info => parseFig3(raw),
  frameActivations: (raw: unknown): FrameActivations => parseFrameActivations(raw),
};

/** Read one input of the run folder into a Part. */
export function readPart<K extends keyof typeof parsers>(
  runDir: string,
  key: K,
  stageDir = (s: string) => join(runDir, s),
): Part<ReturnType<(typeof parsers)[K]>> {
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
