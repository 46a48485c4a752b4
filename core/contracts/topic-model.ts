/** A tokenized corpus: one document per video (all its sentences joined). */
export interface TokenizedCorpus {
  /** Document ids, aligned with `docs` (video ids). */
  ids: string[];
  docs: string[][];
}

export interface TopicSummary {
  id: number;
  /** Table 1 form: `dance: dancing, dance, stage, danced, dances`. */
  name: string;
  /** Top words with their probability under the topic, most probable first. */
  words: [string, number][];
  /** When the model merged duplicate topics: the sampler's topics this one holds. */
  mergedFrom?: number[];
}

export interface FitProgress {
  iteration: number;
  iterations: number;
  /** Collapsed log p(w, z) per token. */
  loglik: number;
  tokensPerSecond: number;
}

/** A fitted topic model. Plain typed arrays; no tensors. */
export interface FittedTopics {
  numTopics: number;
  vocabulary: string[];
  /** `[K, V]` row-major topic-word counts. */
  topicWordCounts: Int32Array;
  /** `[D, K]` row-major document-topic counts, documents in corpus order. */
  docTopicCounts: Int32Array;
  docIds: string[];
  /** Log-likelihood per token after each iteration. */
  loglik: number[];
  topics: TopicSummary[];
  /** Binary topic vector s ∈ {0,1}^K of document `index` under the configured occurrence rule. */
  topicVector(index: number): Uint8Array;
  /** Topic counts of an unseen document with topics held fixed (length K). */
  infer(doc: string[], iterations?: number): Float64Array;
  /** Binary topic vector of an unseen document under the occurrence rule. */
  inferTopicVector(doc: string[]): Uint8Array;
  /** JSON-serialisable form; `load` of the same plugin restores it. */
  toJSON(): unknown;
}

/** Extension point `topicModel`: LDA-style topic extraction from caption text. */
export interface TopicModel {
  fit(corpus: TokenizedCorpus, onProgress?: (p: FitProgress) => void): Promise<FittedTopics>;
  /** Restore a model saved with `FittedTopics.toJSON()`. */
  load(json: unknown): FittedTopics;
}
