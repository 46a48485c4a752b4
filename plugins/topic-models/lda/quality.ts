/**
 * Topic-model quality, one evaluator for every sampler (TypeScript, the C port, a later
 * reference), computed from the counts of a final sample:
 *
 * - training perplexity: θ_dk = (n_dk + α)/(n_d + Kα), φ_kw = (n_kw + β)/(n_k + Vβ),
 *   perplexity = exp(−Σ_tokens log Σ_k θ_dk φ_kw / N);
 * - UMass coherence of each topic's top words (ranked by φ, i.e. by n_kw, ties by word id):
 *   mean over ordered pairs i > j of log((D(w_i, w_j) + 1) / D(w_j)), D = document frequency in
 *   the training corpus; the figure reported is the mean over topics of that per-pair mean.
 */

/** The corpus as the samplers see it: tokens in document order. */
export interface QualityCorpus {
  /** `[D+1]` offsets of each document's tokens in `words`. */
  docStart: Int32Array;
  /** `[N]` word id of each token. */
  words: Int32Array;
  /** Vocabulary size V. */
  numWords: number;
}

export interface TopicCounts {
  K: number;
  /** `[D, K]` */
  docTopic: Int32Array;
  /** `[K, V]` */
  topicWord: Int32Array;
}

/** Count matrices from one topic per token (document order). */
export function countsFromAssignments(c: QualityCorpus, K: number, z: ArrayLike<number>): TopicCounts {
  const D = c.docStart.length - 1;
  const V = c.numWords;
  const N = c.words.length;
  if (z.length !== N) throw new Error(`quality: ${z.length} topic assignments for a corpus of ${N} tokens; give one per token.`);
  const docTopic = new Int32Array(D * K);
  const topicWord = new Int32Array(K * V);
  for (let d = 0; d < D; d++) {
    for (let j = c.docStart[d]!; j < c.docStart[d + 1]!; j++) {
      const k = z[j]!;
      if (!(k >= 0 && k < K)) throw new Error(`quality: token ${j} has topic ${k}, outside 0..${K - 1}.`);
      docTopic[d * K + k]!++;
      topicWord[k * V + c.words[j]!]!++;
    }
  }
  return { K, docTopic, topicWord };
}

/** Training perplexity of the final sample (see the module comment). */
export function trainingPerplexity(c: QualityCorpus, t: TopicCounts, alpha: number, beta: number): number {
  const { K, docTopic, topicWord } = t;
  const V = c.numWords;
  const D = c.docStart.length - 1;
  const nk = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let s = 0;
    for (let w = 0; w < V; w++) s += topicWord[k * V + w]!;
    nk[k] = s;
  }
  // φ transposed to [V, K] so the inner sum over k reads contiguous memory.
  const phiT = new Float64Array(V * K);
  for (let k = 0; k < K; k++) {
    const inv = 1 / (nk[k]! + V * beta);
    for (let w = 0; w < V; w++) phiT[w * K + k] = (topicWord[k * V + w]! + beta) * inv;
  }
  const theta = new Float64Array(K);
  let logSum = 0;
  let N = 0;
  for (let d = 0; d < D; d++) {
    const s = c.docStart[d]!;
    const e = c.docStart[d + 1]!;
    if (e === s) continue;
    const inv = 1 / (e - s + K * alpha);
    for (let k = 0; k < K; k++) theta[k] = (docTopic[d * K + k]! + alpha) * inv;
    for (let j = s; j < e; j++) {
      const o = c.words[j]! * K;
      let p = 0;
      for (let k = 0; k < K; k++) p += theta[k]! * phiT[o + k]!;
      logSum += Math.log(p);
    }
    N += e - s;
  }
  return Math.exp(-logSum / N);
}

/** Each topic's `n` most probable word ids, most probable first (ties: lower word id first). */
export function topWordIds(t: TopicCounts, numWords: number, n: number): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < t.K; k++) {
    const row = t.topicWord.subarray(k * numWords, (k + 1) * numWords);
    const ids = Array.from({ length: numWords }, (_, w) => w);
    ids.sort((a, b) => row[b]! - row[a]! || a - b);
    out.push(ids.slice(0, n));
  }
  return out;
}

export interface Coherence {
  /** Mean over topics of each topic's mean per pair. */
  meanPerPair: number;
  /** Each topic's mean per pair. */
  perTopic: number[];
}

/** UMass coherence of the given top-word lists over the corpus's documents (see the module comment). */
export function umassCoherence(c: QualityCorpus, topWords: readonly (readonly number[])[]): Coherence {
  const D = c.docStart.length - 1;
  const wanted = new Map<number, number>();
  for (const ws of topWords) for (const w of ws) if (!wanted.has(w)) wanted.set(w, wanted.size);
  // Sorted lists of the documents each wanted word occurs in.
  const docsOf: number[][] = Array.from({ length: wanted.size }, () => []);
  for (let d = 0; d < D; d++) {
    for (let j = c.docStart[d]!; j < c.docStart[d + 1]!; j++) {
      const i = wanted.get(c.words[j]!);
      if (i === undefined) continue;
      const list = docsOf[i]!;
      if (list.at(-1) !== d) list.push(d);
    }
  }
  const together = (a: number[], b: number[]): number => {
    let n = 0;
    for (let i = 0, j = 0; i < a.length && j < b.length; ) {
      if (a[i]! < b[j]!) i++;
      else if (a[i]! > b[j]!) j++;
      else {
        n++;
        i++;
        j++;
      }
    }
    return n;
  };
  const perTopic = topWords.map((ws, k) => {
    let sum = 0;
    let pairs = 0;
    for (let i = 1; i < ws.length; i++) {
      for (let j = 0; j < i; j++) {
        const di = docsOf[wanted.get(ws[i]!)!]!;
        const dj = docsOf[wanted.get(ws[j]!)!]!;
        if (dj.length === 0) throw new Error(`quality: topic ${k}'s word ${ws[j]} occurs in no document; UMass needs D(w) > 0.`);
        sum += Math.log((together(di, dj) + 1) / dj.length);
        pairs++;
      }
    }
    return pairs === 0 ? 0 : sum / pairs;
  });
  const meanPerPair = perTopic.reduce((a, b) => a + b, 0) / Math.max(1, perTopic.length);
  return { meanPerPair, perTopic };
}
