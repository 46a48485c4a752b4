import { TopiclensError } from '../../../core/errors.js';
import type { TokenizedCorpus } from '../../../core/contracts/topic-model.js';

/** A corpus as integer arrays: tokens in document order plus a by-word index of the same tokens. */
export interface PreparedCorpus {
  /** Word id → word, most frequent first (ties alphabetical). */
  vocabulary: string[];
  docIds: string[];
  numTokens: number;
  /** `[D+1]` offsets of each document's tokens in `words`. */
  docStart: Int32Array;
  /** `[N]` word id of each token, documents in order. */
  words: Int32Array;
  /** `[V+1]` offsets of each word's tokens in the by-word order. */
  wordStart: Int32Array;
  /** `[N]` doc-order token index → its position in the by-word order. */
  wpos: Int32Array;
  /** `[N]` by-word position → doc-order token index (within a word, documents in order). */
  dpos: Int32Array;
  /** What filtering removed. */
  dropped: { rareTokens: number; stopTokens: number; emptyDocs: string[] };
}

export interface PrepareOptions {
  numTopics: number;
  /** Words occurring fewer times in the whole corpus are dropped. */
  minCount: number;
  stopwords: ReadonlySet<string>;
}

/**
 * Build the integer corpus. Throws a TopiclensError when there is nothing to fit (no documents,
 * no tokens left after filtering) or fewer distinct words than topics. Documents left empty are
 * kept (so indices stay aligned with the ids) and listed in `dropped.emptyDocs`.
 */
export function prepareCorpus(corpus: TokenizedCorpus, opts: PrepareOptions): PreparedCorpus {
  const { ids, docs } = corpus;
  if (!Array.isArray(ids) || !Array.isArray(docs) || ids.length !== docs.length) {
    throw new TopiclensError(
      `topic model: corpus has ${ids?.length ?? 'no'} ids but ${docs?.length ?? 'no'} documents; they must be aligned (one id per document).`,
    );
  }
  if (docs.length === 0) {
    throw new TopiclensError('topic model: the corpus has no documents. Give at least one document with words.');
  }
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const prev = seen.get(id);
    if (prev !== undefined) {
      throw new TopiclensError(`topic model: document id "${id}" appears twice (documents ${prev} and ${i}); ids must be unique.`);
    }
    seen.set(id, i);
  });

  // Word frequencies.
  const freq = new Map<string, number>();
  let rawTokens = 0;
  for (const doc of docs) {
    for (const w of doc) {
      if (typeof w !== 'string' || w.length === 0) continue;
      rawTokens++;
      freq.set(w, (freq.get(w) ?? 0) + 1);
    }
  }
  let rareTokens = 0;
  let stopTokens = 0;
  const kept: [string, number][] = [];
  for (const [w, c] of freq) {
    if (opts.stopwords.has(w)) stopTokens += c;
    else if (c < opts.minCount) rareTokens += c;
    else kept.push([w, c]);
  }
  kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const vocabulary = kept.map(([w]) => w);
  const wordId = new Map<string, number>(vocabulary.map((w, i) => [w, i]));
  const V = vocabulary.length;
  const N = rawTokens - rareTokens - stopTokens;
  const filterNote = `${rawTokens} tokens read, ${stopTokens} stopword tokens and ${rareTokens} tokens of words seen fewer than ${opts.minCount} times dropped`;
  if (N === 0) {
    throw new TopiclensError(
      `topic model: no tokens left to fit (${docs.length} documents; ${filterNote}). ` +
        (rawTokens === 0 ? 'Every document is empty.' : 'Lower minCount or shorten the stopword list.'),
    );
  }
  if (V < opts.numTopics) {
    throw new TopiclensError(
      `topic model: only ${V} distinct words remain but ${opts.numTopics} topics were asked (${filterNote}). ` +
        `Ask for at most ${V} topics, or lower minCount / the stopword list.`,
    );
  }

  const D = docs.length;
  const docStart = new Int32Array(D + 1);
  const words = new Int32Array(N);
  const wordCount = new Int32Array(V);
  const emptyDocs: string[] = [];
  let n = 0;
  for (let d = 0; d < D; d++) {
    docStart[d] = n;
    for (const w of docs[d]!) {
      const id = wordId.get(w);
      if (id === undefined) continue;
      words[n++] = id;
      wordCount[id]!++;
    }
    if (n === docStart[d]) emptyDocs.push(ids[d]!);
  }
  docStart[D] = n;

  const wordStart = new Int32Array(V + 1);
  for (let v = 0; v < V; v++) wordStart[v + 1] = wordStart[v]! + wordCount[v]!;
  const fill = wordStart.slice(0, V);
  const wpos = new Int32Array(N);
  const dpos = new Int32Array(N);
  for (let j = 0; j < N; j++) {
    const p = fill[words[j]!]!++;
    wpos[j] = p;
    dpos[p] = j;
  }
  return {
    vocabulary,
    docIds: ids.slice(),
    numTokens: N,
    docStart,
    words,
    wordStart,
    wpos,
    dpos,
    dropped: { rareTokens, stopTokens, emptyDocs },
  };
}
