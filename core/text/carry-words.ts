import { ptbTokenize } from './ptb-tokenize.js';

/**
 * When a caption "carries" a topic: one rule for refine-eval, the studio and the training
 * interventions that follow the caption (`aligned`'s `interventionTarget: "caption"`).
 */

/** How many top words define whether a caption carries a topic. */
export const CARRY_WORDS = 5;

/** Least probability p(w | t) of a word that shows topic t (5% of the topic's mass). */
export const CARRY_MIN_PROB = 0.05;

/**
 * The carry words of a topic from its ranked words: the first `CARRY_WORDS`, keeping those with
 * p ≥ `CARRY_MIN_PROB`; a list without probabilities (plain strings) keeps its first `CARRY_WORDS`.
 */
export function carryWordsOf(ranked: readonly { word: string; p: number }[]): string[] {
  return ranked
    .slice(0, CARRY_WORDS)
    .filter((w) => Number.isNaN(w.p) || w.p >= CARRY_MIN_PROB)
    .map((w) => w.word);
}

/**
 * A caption carries topic t when one of t's `CARRY_WORDS` most probable words is one of the
 * caption's tokens (coco-caption tokenization). Returns the matched word, or null.
 */
export function carriedWord(caption: string, topicWords: readonly string[]): string | null {
  const tokens = new Set(ptbTokenize(caption));
  return topicWords.slice(0, CARRY_WORDS).find((w) => tokens.has(w)) ?? null;
}
