import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopicSummary } from '../../../core/contracts/topic-model.js';
import { TopiclensError } from '../../../core/errors.js';
import { labelOf } from '../../topic-models/lda/naming.js';

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

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new TopiclensError(
      `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); run the topics stage first (topiclens run <config>).`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TopiclensError(`${file} is not valid JSON (${(e as Error).message}); rerun the topics stage.`);
  }
}

const fail = (file: string, path: string, what: string): TopiclensError =>
  new TopiclensError(`${file}: ${path}: expected ${what}; rerun the topics stage.`);

/** Read the topics stage's outputs (`topics.json` + `topic-vectors.json`) from its folder. */
export async function readTopics(dir: string): Promise<TopicsReading> {
  const vf = join(dir, TOPIC_VECTORS_FILE);
  const tf = join(dir, TOPICS_FILE);
  const v = (await readJson(vf)) as Partial<TopicVectorsFile> | null;
  const t = (await readJson(tf)) as { topics?: unknown } | null;
  if (!v || typeof v !== 'object') throw fail(vf, '/', 'an object');
  const K = v.numTopics;
  if (typeof K !== 'number' || !Number.isInteger(K) || K < 1) throw fail(vf, '/numTopics', 'a positive integer');
  if (!Array.isArray(v.names) || v.names.length !== K || v.names.some((n) => typeof n !== 'string')) {
    throw fail(vf, '/names', `${K} topic names`);
  }
  if (!v.vectors || typeof v.vectors !== 'object') throw fail(vf, '/vectors', 'an object {videoId: [topic indices]}');
  const vectors = new Map<string, Uint8Array>();
  for (const [id, idx] of Object.entries(v.vectors)) {
    if (!Array.isArray(idx)) throw fail(vf, `/vectors/${id}`, 'an array of topic indices');
    const s = new Uint8Array(K);
    idx.forEach((k, i) => {
      if (!Number.isInteger(k) || k < 0 || k >= K) throw fail(vf, `/vectors/${id}/${i}`, `a topic index in [0, ${K})`);
      s[k] = 1;
    });
    vectors.set(id, s);
  }
  if (!t || typeof t !== 'object' || !Array.isArray(t.topics) || t.topics.length !== K) throw fail(tf, '/topics', `${K} topics`);
  const topics: TopicSummary[] = t.topics.map((x: unknown, i: number) => {
    const o = x as { name?: unknown; words?: unknown };
    if (typeof o?.name !== 'string' || !Array.isArray(o.words)) throw fail(tf, `/topics/${i}`, '{name, words}');
    return { id: i, name: o.name, words: o.words as [string, number][] };
  });
  const names = v.names as string[];
  return {
    names,
    labels: names.map(labelOf),
    numTopics: K,
    topics,
    ids: [...vectors.keys()],
    has: (id) => vectors.has(id),
    vectorOf(id) {
      const s = vectors.get(id);
      if (!s) throw new TopiclensError(`${vf}: no topic vector for video "${id}"; the topics stage saw ${vectors.size} other videos. Rerun it if the data set changed.`);
      return s.slice();
    },
  };
}
