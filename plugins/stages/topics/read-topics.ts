import { join } from 'node:path';
import type { TopicSummary } from '../../../core/contracts/topic-model.js';
import { TopiclensError } from '../../../core/errors.js';
import { labelOf } from '../../topic-models/lda/naming.js';
import { isObject, readStageFile, shapeFail as fail } from '../shape-error.js';

export const TOPICS_FILE = 'topics.json';
export const TOPIC_VECTORS_FILE = 'topic-vectors.json';
export const DOC_TOPICS_FILE = 'doc-topics.json';
export const MODEL_FILE = 'model.json';

/** `topic-vectors.json`. */
export interface TopicVectorsFile {
  numTopics: number;
  /** Table-1 names, by topic index. */
  names: string[];
  /** Topic indices with s_i = 1, by video id (every video of the data set, all splits). */
  vectors: Record<string, number[]>;
}

/** `topics.json` (what consumers read of it): each topic's name and its words with p(w | t), most probable first. */
export interface TopicsFile {
  topics: { name: string; words: [string, number][] }[];
}

/** The topics stage's output, validated (`topics.json` + `topic-vectors.json`). */
export interface TopicsOutput {
  numTopics: number;
  /** Table-1 names (`dance: dancing, dance, stage, danced, dances`), by topic index. */
  names: string[];
  /** Short unique labels (`dance`), by topic index: what a user types to name a topic. */
  labels: string[];
  topics: TopicSummary[];
  /** Topic indices with s_i = 1, by video id. */
  vectors: ReadonlyMap<string, readonly number[]>;
}

export interface TopicsReading {
  /** Table-1 names (`dance: dancing, dance, stage, danced, dances`), by topic index. */
  names: string[];
  /** Short unique labels (`dance`), by topic index: what a user types to name a topic. */
  labels: string[];
  numTopics: number;
  /** Binary topic vector s ∈ {0,1}^K of a video; TopiclensError for an id the stage did not see. */
  vectorOf(id: string): Uint8Array;
  /** Whether the stage wrote a vector for `id`. */
  has(id: string): boolean;
  /** Video ids with a vector. */
  ids: string[];
  topics: TopicSummary[];
}

/** Validate parsed `topic-vectors.json`; ShapeError naming the first wrong JSON path. */
export function parseTopicVectors(raw: unknown): TopicVectorsFile {
  if (!isObject(raw)) return fail('/', 'an object', raw);
  const K = raw.numTopics;
  if (typeof K !== 'number' || !Number.isInteger(K) || K < 1) return fail('/numTopics', 'a positive integer', K);
  const names = raw.names;
  if (!Array.isArray(names) || names.length !== K) return fail('/names', `${K} topic names`, names);
  for (const [i, n] of names.entries()) if (typeof n !== 'string') fail(`/names/${i}`, 'a string', n);
  if (!isObject(raw.vectors)) return fail('/vectors', 'an object {videoId: [topic indices]}', raw.vectors);
  for (const [id, idx] of Object.entries(raw.vectors)) {
    if (!Array.isArray(idx)) return fail(`/vectors/${id}`, 'an array of topic indices', idx);
    for (const [i, k] of idx.entries())
      if (!Number.isInteger(k) || k < 0 || k >= K) fail(`/vectors/${id}/${i}`, `a topic index in 0..${K - 1}`, k);
  }
  return { numTopics: K, names: names as string[], vectors: raw.vectors as Record<string, number[]> };
}

/** Validate parsed `topics.json` (`numTopics`: how many topics it must list, when known). */
export function parseTopicsFile(raw: unknown, numTopics?: number): TopicsFile {
  if (!isObject(raw)) return fail('/', 'an object', raw);
  const topics = raw.topics;
  if (!Array.isArray(topics) || (numTopics !== undefined && topics.length !== numTopics)) {
    return fail('/topics', numTopics === undefined ? 'an array of topics' : `${numTopics} topics`, topics);
  }
  return {
    topics: topics.map((t: unknown, i) => {
      if (!isObject(t)) return fail(`/topics/${i}`, '{name, words}', t);
      if (typeof t.name !== 'string') return fail(`/topics/${i}/name`, 'a string', t.name);
      if (!Array.isArray(t.words)) return fail(`/topics/${i}/words`, 'an array of [word, prob]', t.words);
      const words = t.words.map((w: unknown, j): [string, number] => {
        if (!Array.isArray(w) || typeof w[0] !== 'string') return fail(`/topics/${i}/words/${j}`, 'a [word, prob] pair', w);
        if (typeof w[1] !== 'number' || !Number.isFinite(w[1])) return fail(`/topics/${i}/words/${j}/1`, 'a finite number', w[1]);
        return [w[0], w[1]];
      });
      return { name: t.name, words };
    }),
  };
}

/** Read and validate the topics stage's outputs from its folder: the one reader every consumer uses. */
export function readTopicsOutput(dir: string): TopicsOutput {
  const v = readStageFile(join(dir, TOPIC_VECTORS_FILE), 'topics', parseTopicVectors);
  const t = readStageFile(join(dir, TOPICS_FILE), 'topics', (raw) => parseTopicsFile(raw, v.numTopics));
  return {
    numTopics: v.numTopics,
    names: v.names,
    labels: v.names.map(labelOf),
    topics: t.topics.map((x, i) => ({ id: i, name: x.name, words: x.words })),
    vectors: new Map(Object.entries(v.vectors)),
  };
}

/** The topics stage's outputs with binary topic vectors (what training and attribution use). */
export async function readTopics(dir: string): Promise<TopicsReading> {
  const out = readTopicsOutput(dir);
  const vf = join(dir, TOPIC_VECTORS_FILE);
  const vectors = new Map<string, Uint8Array>();
  for (const [id, idx] of out.vectors) {
    const s = new Uint8Array(out.numTopics);
    for (const k of idx) s[k] = 1;
    vectors.set(id, s);
  }
  return {
    names: out.names,
    labels: out.labels,
    numTopics: out.numTopics,
    topics: out.topics,
    ids: [...vectors.keys()],
    has: (id) => vectors.has(id),
    vectorOf(id) {
      const s = vectors.get(id);
      if (!s)
        throw new TopiclensError(
          `${vf}: no topic vector for video "${id}"; the topics stage saw ${vectors.size} other videos. Rerun it if the data set changed.`,
        );
      return s.slice();
    },
  };
}
