import type { FittedTopics } from '../../../core/contracts/topic-model.js';

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** `topics.json`: `{"topics": [{"name", "words": [[word, prob], ...]}], "loglik": [...]}`. */
export function topicsJson(fit: FittedTopics): {
  topics: { name: string; words: [string, number][]; mergedFrom?: number[] }[];
  loglik: number[];
} {
  return {
    topics: fit.topics.map((t) => ({
      name: t.name,
      words: t.words.map(([w, p]) => [w, round(p, 6)] as [string, number]),
      ...(t.mergedFrom ? { mergedFrom: t.mergedFrom } : {}),
    })),
    loglik: fit.loglik.map((l) => round(l, 6)),
  };
}

export interface DocTopicsEntry {
  id: string;
  /** Tokens of the document the model saw (after filtering). */
  tokens: number;
  /** [topic, count] pairs, largest first (mean counts for inferred documents). */
  topics: [number, number][];
  /** Topics with s_i = 1 under the occurrence rule. */
  vector: number[];
  split?: string;
  /** True for documents not in the fit, whose counts come from `infer` with topics held fixed. */
  inferred?: boolean;
}

export function docTopicsEntry(
  id: string,
  counts: ArrayLike<number>,
  vector: Uint8Array,
  extra: Partial<DocTopicsEntry> = {},
): DocTopicsEntry {
  const topics: [number, number][] = [];
  let tokens = 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k]!;
    tokens += c;
    if (c > 0) topics.push([k, round(c, 3)]);
  }
  topics.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const vec: number[] = [];
  vector.forEach((s, k) => {
    if (s) vec.push(k);
  });
  return { id, tokens: round(tokens, 3), topics, vector: vec, ...extra };
}

/** `doc-topics.json` of the fitted documents: `{numTopics, docs: [{id, tokens, topics, vector}]}`. */
export function docTopicsJson(fit: FittedTopics, more: DocTopicsEntry[] = []): { numTopics: number; docs: DocTopicsEntry[] } {
  const K = fit.numTopics;
  const docs = fit.docIds.map((id, d) => docTopicsEntry(id, fit.docTopicCounts.subarray(d * K, (d + 1) * K), fit.topicVector(d)));
  return { numTopics: K, docs: [...docs, ...more] };
}
