import { join } from 'node:path';
import { TopiclensError } from '../../../core/errors.js';
import { closest } from '../../../core/suggest.js';
import { ptbTokenize } from '../../../core/text/ptb-tokenize.js';
import { fail, readStageJson } from './read-json.js';

export interface RunTopics {
  numTopics: number;
  /** Table-1 names, e.g. `dance: dancing, dance, stage`. */
  names: string[];
  /** Short labels (the part before ":"), what a user types. */
  labels: string[];
  /** Most probable words of each topic, most probable first. */
  words: string[][];
  /**
   * The words that show a topic in a caption: among its `CARRY_WORDS` most probable words, those
   * with p(w | t) ≥ `CARRY_MIN_PROB` (topics.json lists a topic's top words even when the topic
   * gives them only smoothing mass, e.g. "dog: …, blue" with p(blue | dog) = 4e-6).
   */
  carryWords: string[][];
  /** Topic indices with s_i = 1 for a video ([] when the stage saw no such video). */
  vectorOf(id: string): number[];
}

/** Read `topics/topic-vectors.json` and `topics/topics.json` (formats of RUN-LAYOUT.md). */
export function readRunTopics(dir: string): RunTopics {
  const vf = join(dir, 'topic-vectors.json');
  const tfile = join(dir, 'topics.json');
  const v = readStageJson(vf, 'topics') as { numTopics?: unknown; names?: unknown; vectors?: unknown };
  const t = readStageJson(tfile, 'topics') as { topics?: unknown };
  const K = v.numTopics;
  if (typeof K !== 'number' || !Number.isInteger(K) || K < 1) throw fail(vf, '/numTopics', 'a positive integer', 'topics');
  if (!Array.isArray(v.names) || v.names.length !== K) throw fail(vf, '/names', `${K} names`, 'topics');
  if (!v.vectors || typeof v.vectors !== 'object') throw fail(vf, '/vectors', '{videoId: [topic indices]}', 'topics');
  if (!Array.isArray(t.topics) || t.topics.length !== K) throw fail(tfile, '/topics', `${K} topics`, 'topics');
  const ranked = (t.topics as { words?: unknown }[]).map((x, k) => {
    if (!Array.isArray(x.words)) throw fail(tfile, `/topics/${k}/words`, 'an array of [word, prob]', 'topics');
    return (x.words as unknown[]).map((w) => (Array.isArray(w) ? { word: String(w[0]), p: Number(w[1]) } : { word: String(w), p: Number.NaN }));
  });
  const words = ranked.map((r) => r.map((w) => w.word));
  const vectors = v.vectors as Record<string, number[]>;
  const names = v.names as string[];
  return {
    numTopics: K,
    names,
    labels: names.map((n) => n.split(':')[0]!.trim()),
    words,
    carryWords: ranked.map((r) => carryWordsOf(r)),
    vectorOf: (id) => {
      const s = vectors[id];
      if (s === undefined) return [];
      if (!Array.isArray(s) || s.some((k) => !Number.isInteger(k) || k < 0 || k >= K)) throw fail(vf, `/vectors/${id}`, `topic indices in [0, ${K})`, 'topics');
      return s;
    },
  };
}

/** Topic index from what a user typed: its label (`dance`), full name, or index. */
export function resolveTopic(topics: RunTopics, query: string): number {
  const q = query.trim();
  let k = topics.labels.indexOf(q);
  if (k < 0) k = topics.names.indexOf(q);
  if (k < 0 && /^\d+$/.test(q) && Number(q) < topics.numTopics) k = Number(q);
  if (k < 0) k = topics.labels.findIndex((l) => l.toLowerCase() === q.toLowerCase());
  if (k >= 0) return k;
  const guess = closest(q, topics.labels);
  throw new TopiclensError(
    `Unknown topic "${query}"${guess ? `; did you mean "${guess}"?` : ''} Topics are named by label (${topics.labels.slice(0, 8).join(', ')}${topics.numTopics > 8 ? ', …' : ''}) or index 0..${topics.numTopics - 1}.`,
  );
}

/** How many top words define whether a caption carries a topic. */
export const CARRY_WORDS = 5;

/** Least probability p(w | t) of a word that shows topic t (5% of the topic's mass). */
export const CARRY_MIN_PROB = 0.05;

/**
 * The carry words of a topic from its ranked words: the first `CARRY_WORDS`, keeping those with
 * p ≥ `CARRY_MIN_PROB`; a list without probabilities (plain strings) keeps its first `CARRY_WORDS`.
 */
export function carryWordsOf(ranked: readonly { word: string; p: number }[]): string[] {
  return ranked.slice(0, CARRY_WORDS).filter((w) => Number.isNaN(w.p) || w.p >= CARRY_MIN_PROB).map((w) => w.word);
}

/**
 * A caption "carries" topic t when one of t's `CARRY_WORDS` most probable words is one of the
 * caption's tokens (coco-caption tokenization). Returns the matched word, or null.
 */
export function carriedWord(caption: string, topicWords: readonly string[]): string | null {
  const tokens = new Set(ptbTokenize(caption));
  return topicWords.slice(0, CARRY_WORDS).find((w) => tokens.has(w)) ?? null;
}
