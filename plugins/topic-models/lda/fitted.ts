import { TopiclensError } from '../../../core/errors.js';
import type { FittedTopics, TopicSummary } from '../../../core/contracts/topic-model.js';
import type { OccurrenceRule } from './settings.js';
import { summarizeTopics } from './naming.js';
import { Xorshift128Rng, hashStrings } from '../../../core/tensor/rng.js';

export const MODEL_FORMAT = 'topiclens-lda/1';

export interface LdaModelState {
  /** Plugin that fitted it (`warplda`, `gibbs`). */
  model: string;
  numTopics: number;
  alpha: number;
  beta: number;
  seed: number;
  vocabulary: string[];
  docIds: string[];
  /** `[K, V]` */
  topicWordCounts: Int32Array;
  /** `[D, K]` */
  docTopicCounts: Int32Array;
  loglik: number[];
  occurrence: OccurrenceRule;
  topWords: number;
  inferIterations: number;
  /** When duplicate topics were merged: the sampler's topics each topic holds. */
  mergedFrom?: number[][];
}

/** Binary topic vector from topic counts under the occurrence rule. */
export function occurrenceVector(counts: ArrayLike<number>, rule: OccurrenceRule): Uint8Array {
  const K = counts.length;
  let L = 0;
  for (let k = 0; k < K; k++) L += counts[k]!;
  const s = new Uint8Array(K);
  if (L <= 0) return s;
  for (let k = 0; k < K; k++) {
    const c = counts[k]!;
    if (c >= rule.minTokens && c >= rule.minShare * L) s[k] = 1;
  }
  return s;
}

/** The fitted LDA model both samplers return. */
export class LdaFit implements FittedTopics {
  readonly numTopics: number;
  readonly vocabulary: string[];
  readonly topicWordCounts: Int32Array;
  readonly docTopicCounts: Int32Array;
  readonly docIds: string[];
  readonly loglik: number[];
  readonly topics: TopicSummary[];
  private readonly wordIndex: Map<string, number>;
  private phi?: Float64Array;

  constructor(readonly state: LdaModelState) {
    this.numTopics = state.numTopics;
    this.vocabulary = state.vocabulary;
    this.topicWordCounts = state.topicWordCounts;
    this.docTopicCounts = state.docTopicCounts;
    this.docIds = state.docIds;
    this.loglik = state.loglik;
    this.wordIndex = new Map(state.vocabulary.map((w, i) => [w, i]));
    const topics = summarizeTopics(state.topicWordCounts, state.numTopics, state.vocabulary, state.beta, state.topWords);
    const from = state.mergedFrom;
    this.topics = from ? topics.map((t, k) => ({ ...t, mergedFrom: from[k]! })) : topics;
  }

  /** `[K, V]` topic-word probabilities φ_kw = (C_kw + β) / (C_k + Vβ). */
  topicWordProbabilities(): Float64Array {
    const K = this.numTopics;
    const V = this.vocabulary.length;
    const { beta } = this.state;
    const out = new Float64Array(K * V);
    for (let k = 0; k < K; k++) {
      let tot = 0;
      for (let v = 0; v < V; v++) tot += this.topicWordCounts[k * V + v]!;
      const inv = 1 / (tot + V * beta);
      for (let v = 0; v < V; v++) out[k * V + v] = (this.topicWordCounts[k * V + v]! + beta) * inv;
    }
    return out;
  }

  docTopics(index: number): Int32Array {
    if (!Number.isInteger(index) || index < 0 || index >= this.docIds.length) {
      throw new TopiclensError(`topic model: document index ${index} is out of range (the model has ${this.docIds.length} documents).`);
    }
    const K = this.numTopics;
    return this.docTopicCounts.subarray(index * K, (index + 1) * K);
  }

  topicVector(index: number): Uint8Array {
    return occurrenceVector(this.docTopics(index), this.state.occurrence);
  }

  /**
   * Gibbs sampling of the document's topics with the topic-word distributions held fixed
   * (p(z = k) ∝ (n_k + α) φ_kw). Returns the mean topic counts over the second half of the sweeps
   * (they sum to the number of in-vocabulary tokens; all zero when none is in the vocabulary).
   * Seeded by the model seed and the document's words, so the same document gives the same answer.
   */
  infer(doc: string[], iterations = this.state.inferIterations): Float64Array {
    const K = this.numTopics;
    const out = new Float64Array(K);
    const ids: number[] = [];
    for (const w of doc) {
      const id = this.wordIndex.get(w);
      if (id !== undefined) ids.push(id);
    }
    if (ids.length === 0) return out;
    const iters = Math.max(2, Math.floor(iterations));
    if (!this.phi) {
      // word-major φ for cache-friendly per-token rows
      const pk = this.topicWordProbabilities();
      const V = this.vocabulary.length;
      this.phi = new Float64Array(V * K);
      for (let k = 0; k < K; k++) for (let v = 0; v < V; v++) this.phi[v * K + k] = pk[k * V + v]!;
    }
    const phi = this.phi;
    const { alpha } = this.state;
    const rng = new Xorshift128Rng(hashStrings(doc, this.state.seed >>> 0));
    const n = new Float64Array(K);
    const z = new Int32Array(ids.length);
    const cum = new Float64Array(K);
    const draw = (wb: number, withDoc: boolean): number => {
      let tot = 0;
      for (let k = 0; k < K; k++) {
        tot += (withDoc ? n[k]! + alpha : 1) * phi[wb + k]!;
        cum[k] = tot;
      }
      const u = rng.next() * tot;
      let k = 0;
      while (k < K - 1 && cum[k]! <= u) k++;
      return k;
    };
    for (let i = 0; i < ids.length; i++) {
      z[i] = draw(ids[i]! * K, false);
      n[z[i]!]!++;
    }
    const burn = Math.floor(iters / 2);
    for (let it = 0; it < iters; it++) {
      for (let i = 0; i < ids.length; i++) {
        n[z[i]!]!--;
        z[i] = draw(ids[i]! * K, true);
        n[z[i]!]!++;
      }
      if (it >= burn) for (let k = 0; k < K; k++) out[k]! += n[k]!;
    }
    const samples = iters - burn;
    for (let k = 0; k < K; k++) out[k]! /= samples;
    return out;
  }

  inferTopicVector(doc: string[]): Uint8Array {
    return occurrenceVector(this.infer(doc), this.state.occurrence);
  }

  toJSON(): unknown {
    const s = this.state;
    const K = s.numTopics;
    const V = s.vocabulary.length;
    const sparse = (arr: Int32Array, rows: number, cols: number): number[][] => {
      const out: number[][] = [];
      for (let r = 0; r < rows; r++) {
        const row: number[] = [];
        for (let c = 0; c < cols; c++) {
          const v = arr[r * cols + c]!;
          if (v !== 0) row.push(c, v);
        }
        out.push(row);
      }
      return out;
    };
    return {
      format: MODEL_FORMAT,
      model: s.model,
      numTopics: K,
      alpha: s.alpha,
      beta: s.beta,
      seed: s.seed,
      occurrence: s.occurrence,
      topWords: s.topWords,
      inferIterations: s.inferIterations,
      ...(s.mergedFrom ? { mergedFrom: s.mergedFrom } : {}),
      loglik: s.loglik,
      vocabulary: s.vocabulary,
      docIds: s.docIds,
      /** Per topic: flattened [wordIndex, count, ...] pairs of the non-zero counts. */
      topicWords: sparse(s.topicWordCounts, K, V),
      /** Per document: flattened [topic, count, ...] pairs. */
      docTopics: sparse(s.docTopicCounts, s.docIds.length, K),
    };
  }
}

const bad = (path: string, what: string, found: unknown): TopiclensError =>
  new TopiclensError(
    `topic model JSON: ${path}: expected ${what}, found ${JSON.stringify(found)?.slice(0, 60)}. Load a file written by the topics stage or \`topiclens topics fit\` (model.json).`,
  );

/** Restore a model written by `LdaFit.toJSON()`; names the JSON path of anything malformed. */
export function loadLdaFit(json: unknown): LdaFit {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad('/', 'an object', json);
  const j = json as Record<string, unknown>;
  if (j.format !== MODEL_FORMAT) throw bad('/format', `"${MODEL_FORMAT}"`, j.format);
  const num = (key: string, integer = false): number => {
    const v = j[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)))
      throw bad(`/${key}`, integer ? 'an integer' : 'a number', v);
    return v;
  };
  const strings = (key: string): string[] => {
    const v = j[key];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad(`/${key}`, 'an array of strings', v);
    return v as string[];
  };
  const K = num('numTopics', true);
  const vocabulary = strings('vocabulary');
  const docIds = strings('docIds');
  const V = vocabulary.length;
  const D = docIds.length;
  const dense = (key: string, rows: number, cols: number): Int32Array => {
    const v = j[key];
    if (!Array.isArray(v) || v.length !== rows) throw bad(`/${key}`, `an array of ${rows} rows`, Array.isArray(v) ? `${v.length} rows` : v);
    const out = new Int32Array(rows * cols);
    v.forEach((row: unknown, r) => {
      if (!Array.isArray(row) || row.length % 2 !== 0) throw bad(`/${key}/${r}`, 'flattened [index, count] pairs', row);
      for (let i = 0; i < row.length; i += 2) {
        const c = row[i];
        const n = row[i + 1];
        if (!Number.isInteger(c) || c < 0 || c >= cols) throw bad(`/${key}/${r}/${i}`, `an index in [0, ${cols})`, c);
        if (!Number.isInteger(n) || n < 0) throw bad(`/${key}/${r}/${i + 1}`, 'a count ≥ 0', n);
        out[r * cols + c] = n;
      }
    });
    return out;
  };
  const occ = j.occurrence as Partial<OccurrenceRule> | undefined;
  if (!occ || typeof occ.minTokens !== 'number' || typeof occ.minShare !== 'number') throw bad('/occurrence', '{minTokens, minShare}', occ);
  const mergedFrom = j.mergedFrom;
  if (
    mergedFrom !== undefined &&
    (!Array.isArray(mergedFrom) ||
      mergedFrom.length !== K ||
      mergedFrom.some((g) => !Array.isArray(g) || g.length === 0 || g.some((k) => !Number.isInteger(k) || k < 0)))
  ) {
    throw bad('/mergedFrom', `${K} non-empty lists of topic indices`, mergedFrom);
  }
  const loglik = j.loglik;
  if (!Array.isArray(loglik) || loglik.some((x) => typeof x !== 'number')) throw bad('/loglik', 'an array of numbers', loglik);
  return new LdaFit({
    model: typeof j.model === 'string' ? j.model : 'lda',
    numTopics: K,
    alpha: num('alpha'),
    beta: num('beta'),
    seed: num('seed', true),
    vocabulary,
    docIds,
    topicWordCounts: dense('topicWords', K, V),
    docTopicCounts: dense('docTopics', D, K),
    loglik: loglik as number[],
    occurrence: { minTokens: occ.minTokens, minShare: occ.minShare },
    topWords: num('topWords', true),
    inferIterations: num('inferIterations', true),
    ...(mergedFrom ? { mergedFrom: mergedFrom as number[][] } : {}),
  });
}
