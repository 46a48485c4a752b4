import { TopiclensError } from '../../../core/errors.js';
import { closest } from '../../../core/suggest.js';
import { carryWordsOf } from '../../../core/text/carry-words.js';
import { readTopicsOutput } from '../../stages/topics/read-topics.js';

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

/** The run's topics (the topics stage's reader, plus the words that show a topic in a caption). */
export function readRunTopics(dir: string): RunTopics {
  const out = readTopicsOutput(dir);
  const ranked = out.topics.map((t) => t.words.map(([word, p]) => ({ word, p })));
  return {
    numTopics: out.numTopics,
    names: out.names,
    labels: out.labels,
    words: ranked.map((r) => r.map((w) => w.word)),
    carryWords: ranked.map((r) => carryWordsOf(r)),
    vectorOf: (id) => [...(out.vectors.get(id) ?? [])],
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
