import type { PreparedCorpus } from '../lda/corpus.js';
import type { PhaseM1 } from './phases-m1.js';

/**
 * The one Int32Array the M = 1 phases work in (phases-m1.ts says why one), as offsets:
 * both orders' records (topic | proposal << 16), the corpus index arrays, the exact C_k, and per
 * thread a C_k copy (threads > 1 only: with one thread it samples against the exact C_k) and
 * the K-sized delayed count.
 */
export interface HeapM1 {
  heap: Int32Array;
  /** `[N]` by-word records (topic | doc proposal << 16). */
  zW: number;
  /** `[N]` document-order records (topic | word proposal << 16). */
  zD: number;
  /** `[K]` exact C_k. */
  ck: number;
  /** The word and doc phase of each thread. */
  word: PhaseM1[];
  doc: PhaseM1[];
}

/** Lay out and fill the heap for `T` threads (shared memory when T > 1); the records start zero. */
export function createHeapM1(c: PreparedCorpus, K: number, alpha: number, beta: number, T: number): HeapM1 {
  const N = c.numTokens;
  const V = c.wordStart.length - 1;
  let size = 0;
  const take = (n: number): number => {
    const at = size;
    size += n;
    return at;
  };
  const zW = take(N);
  const zD = take(N);
  const wordStart = take(V + 1);
  const dpos = take(N);
  const docStart = take(c.docStart.length);
  const wpos = take(N);
  const ck = take(K);
  const ckT = T > 1 ? take(T * K) : -1;
  const cnt = take(T * K);
  const heap = T > 1 ? new Int32Array(new SharedArrayBuffer(4 * size)) : new Int32Array(size);
  heap.set(c.wordStart, wordStart);
  heap.set(c.dpos, dpos);
  heap.set(c.docStart, docStart);
  heap.set(c.wpos, wpos);
  const Vb = V * beta;
  const word: PhaseM1[] = [];
  const doc: PhaseM1[] = [];
  for (let t = 0; t < T; t++) {
    const phase = (own: number, other: number, start: number, pos: number, prior: number): PhaseM1 => ({
      own,
      other,
      start,
      pos,
      ck: T > 1 ? ckT + t * K : ck,
      cnt: cnt + t * K,
      K,
      prior,
      Vb,
    });
    word.push(phase(zW, zD, wordStart, dpos, beta));
    doc.push(phase(zD, zW, docStart, wpos, alpha));
  }
  return { heap, zW, zD, ck, word, doc };
}
