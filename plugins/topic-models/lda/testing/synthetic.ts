import type { TokenizedCorpus } from '../../../../core/contracts/topic-model.js';
import { Xorshift128Rng } from '../../../../core/tensor/rng.js';

/** Options of a corpus drawn from a known LDA model. */
export interface SyntheticLdaOptions {
  K: number;
  V: number;
  D: number;
  /** Mean document length (lengths are uniform in [len/2, 3len/2]). */
  docLength: number;
  /** Dirichlet prior of the documents' topic proportions. */
  alpha: number;
  /** Dirichlet concentration of each topic's word distribution (per word, times V·base share). */
  beta: number;
  /**
   * Zipf exponent of the base word distribution the topics are drawn around (0 = uniform base):
   * φ_k ~ Dirichlet(V·β·base), base_v ∝ 1/(v+1)^zipf, so word frequencies come out Zipfian.
   */
  zipf?: number;
  seed: number;
}

export interface SyntheticLda {
  corpus: TokenizedCorpus;
  /** `[K, V]` true topic-word distributions. */
  phi: Float64Array;
  /** `[D, K]` true topic proportions. */
  theta: Float64Array;
  /** Number of tokens of each topic per document, `[D, K]`. */
  topicTokens: Int32Array;
  words: string[];
}

function gauss(rng: Xorshift128Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Gamma(shape, 1) by Marsaglia & Tsang (with the U^(1/a) boost for shape < 1). */
export function gamma(rng: Xorshift128Rng, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * (1 - rng.next()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = gauss(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function dirichlet(rng: Xorshift128Rng, conc: ArrayLike<number>, out: Float64Array, offset: number): void {
  let s = 0;
  for (let i = 0; i < conc.length; i++) {
    const g = Math.max(gamma(rng, conc[i]!), 1e-300);
    out[offset + i] = g;
    s += g;
  }
  for (let i = 0; i < conc.length; i++) out[offset + i]! /= s;
}

/** Sample index from a probability row by inversion over a cumulative table. */
function sampleCum(cum: Float64Array, off: number, n: number, u: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[off + mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Draw a corpus from LDA with known topics (for tests and the benchmark). Words are `w0`, `w1`, ... */
export function syntheticLda(o: SyntheticLdaOptions): SyntheticLda {
  const rng = new Xorshift128Rng(o.seed);
  const { K, V, D } = o;
  const base = new Float64Array(V);
  let bs = 0;
  for (let v = 0; v < V; v++) bs += base[v] = 1 / (v + 1) ** (o.zipf ?? 0);
  const conc = base.map((b) => (b / bs) * V * o.beta);
  const phi = new Float64Array(K * V);
  for (let k = 0; k < K; k++) dirichlet(rng, conc, phi, k * V);
  const cumPhi = new Float64Array(K * V);
  for (let k = 0; k < K; k++) {
    let s = 0;
    for (let v = 0; v < V; v++) cumPhi[k * V + v] = s += phi[k * V + v]!;
  }
  const theta = new Float64Array(D * K);
  const topicTokens = new Int32Array(D * K);
  const words = Array.from({ length: V }, (_, v) => `w${v}`);
  const docs: string[][] = [];
  const cumT = new Float64Array(K);
  const aConc = new Float64Array(K).fill(o.alpha);
  for (let d = 0; d < D; d++) {
    dirichlet(rng, aConc, theta, d * K);
    let s = 0;
    for (let k = 0; k < K; k++) cumT[k] = s += theta[d * K + k]!;
    const len = Math.max(1, Math.round(o.docLength * (0.5 + rng.next())));
    const doc: string[] = new Array(len);
    for (let i = 0; i < len; i++) {
      const k = sampleCum(cumT, 0, K, rng.next() * s);
      topicTokens[d * K + k]!++;
      doc[i] = words[sampleCum(cumPhi, k * V, V, rng.next() * cumPhi[k * V + V - 1]!)]!;
    }
    docs.push(doc);
  }
  return { corpus: { ids: docs.map((_, d) => `doc${d}`), docs }, phi, theta, topicTokens, words };
}

/**
 * Match learned topics to true ones (greedy on total-variation distance, smallest first) and
 * return the mean and max TV distance of the matched pairs. `learned` is `[K, Vl]` over
 * `vocab` (words `w<id>`), `truth` is `[K, V]`.
 */
export function matchedTopicDistance(
  truth: Float64Array,
  learned: Float64Array,
  K: number,
  V: number,
  vocab: readonly string[],
): { mean: number; max: number } {
  const Vl = vocab.length;
  const col = vocab.map((w) => Number(w.slice(1)));
  const dist: [number, number, number][] = [];
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) {
      let l1 = 0;
      const seen = new Uint8Array(V);
      for (let i = 0; i < Vl; i++) {
        seen[col[i]!] = 1;
        l1 += Math.abs(truth[a * V + col[i]!]! - learned[b * Vl + i]!);
      }
      for (let v = 0; v < V; v++) if (!seen[v]) l1 += truth[a * V + v]!;
      dist.push([0.5 * l1, a, b]);
    }
  }
  dist.sort((x, y) => x[0] - y[0]);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let sum = 0;
  let max = 0;
  for (const [d, a, b] of dist) {
    if (usedA.has(a) || usedB.has(b)) continue;
    usedA.add(a);
    usedB.add(b);
    sum += d;
    max = Math.max(max, d);
  }
  return { mean: sum / K, max };
}
