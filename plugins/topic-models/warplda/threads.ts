import { Worker } from 'node:worker_threads';
import { Xorshift128Rng } from '../../../core/tensor/rng.js';
import type { PreparedCorpus } from '../lda/corpus.js';
import type { HeapM1 } from './heap-m1.js';
import { phaseM1 } from './phases-m1.js';

/** Control words (Int32Array over shared memory): generation counter, command, finished workers. */
const GEN = 0;
const CMD = 1;
const DONE = 2;
const WORD = 1;
const DOC = 2;
const EXIT = 3;

/** Block boundaries `[T+1]` splitting the ranges of `start` (offsets `[n+1]`) into T runs of about equal tokens. */
export function splitByTokens(start: Int32Array, T: number): Int32Array {
  const n = start.length - 1;
  const N = start[n]!;
  const b = new Int32Array(T + 1);
  b[T] = n;
  let i = 0;
  for (let t = 1; t < T; t++) {
    const target = (N * t) / T;
    while (i < n && start[i]! < target) i++;
    b[t] = i;
  }
  return b;
}

/** The worker: the phase functions' own source, run on its word / document block when told. */
const WORKER_SOURCE = `
const { workerData: d } = require('node:worker_threads');
const phaseM1 = ${phaseM1.toString()};
const t = d.t;
const rng = d.rngAll.subarray(4 * t, 4 * t + 4);
let seen = 0;
for (;;) {
  Atomics.wait(d.ctrl, ${GEN}, seen);
  seen = Atomics.load(d.ctrl, ${GEN});
  const cmd = Atomics.load(d.ctrl, ${CMD});
  if (cmd === ${EXIT}) break;
  if (cmd === ${WORD}) phaseM1(d.heap, d.word, rng, d.wordBlocks[t], d.wordBlocks[t + 1]);
  else phaseM1(d.heap, d.doc, rng, d.docBlocks[t], d.docBlocks[t + 1]);
  Atomics.add(d.ctrl, ${DONE}, 1);
  Atomics.notify(d.ctrl, ${DONE});
}
`;

/**
 * WarpLDA's M = 1 phases on T threads (the calling thread and T − 1 workers). Each phase writes
 * only the other order's records of its own tokens, so threads split the words (word phase) or
 * the documents (doc phase) into blocks of about N / T tokens with no write conflicts. C_k is the
 * one shared count: each thread samples against its own copy from the phase start plus its own
 * moves, and the copies' changes are summed when the phase ends (the delayed C_k of WarpLDA's
 * distributed version). Each thread has its own xorshift128 stream, so the chain is fixed by the
 * seed and T, and differs from the one-thread chain.
 */
export class WarpLdaThreads {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(12));
  private readonly rng0: Int32Array;
  private readonly wordBlocks: Int32Array;
  private readonly docBlocks: Int32Array;
  private readonly workers: Worker[] = [];
  private closed = false;

  constructor(
    c: PreparedCorpus,
    private readonly T: number,
    /** Shared heap: the exact C_k at m1.ck, kept exact between phases; each thread's copy at its phases' ck. */
    private readonly m1: HeapM1,
    seed: number,
    /** The calling thread's generator state (the sampler's), continued by thread 0. */
    rng0: Int32Array,
  ) {
    const rngAll = new Int32Array(new SharedArrayBuffer(16 * T));
    rngAll.set(rng0, 0);
    for (let t = 1; t < T; t++) rngAll.set(new Xorshift128Rng((seed + 0x9e3779b9 * t) >>> 0).s, 4 * t);
    this.rng0 = rngAll.subarray(0, 4);
    this.wordBlocks = splitByTokens(c.wordStart, T);
    this.docBlocks = splitByTokens(c.docStart, T);
    for (let t = 1; t < T; t++) {
      const workerData = {
        t,
        heap: m1.heap,
        word: m1.word[t],
        doc: m1.doc[t],
        rngAll,
        ctrl: this.ctrl,
        wordBlocks: this.wordBlocks,
        docBlocks: this.docBlocks,
      };
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData });
      w.unref();
      this.workers.push(w);
    }
  }

  iterate(): void {
    if (this.closed) throw new Error('warplda: iterate() after close() (internal error)');
    this.phase(WORD);
    this.phase(DOC);
  }

  /** Tell the workers to finish; they exit on their own. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.ctrl, CMD, EXIT);
    Atomics.add(this.ctrl, GEN, 1);
    Atomics.notify(this.ctrl, GEN);
  }

  private phase(cmd: number): void {
    const { ctrl, T, m1 } = this;
    const { heap, ck } = m1;
    const K = m1.word[0]!.K;
    const copy = (t: number): number => m1.word[t]!.ck;
    for (let t = 0; t < T; t++) heap.copyWithin(copy(t), ck, ck + K);
    Atomics.store(ctrl, DONE, 0);
    Atomics.store(ctrl, CMD, cmd);
    Atomics.add(ctrl, GEN, 1);
    Atomics.notify(ctrl, GEN);
    if (cmd === WORD) phaseM1(heap, m1.word[0]!, this.rng0, this.wordBlocks[0]!, this.wordBlocks[1]!);
    else phaseM1(heap, m1.doc[0]!, this.rng0, this.docBlocks[0]!, this.docBlocks[1]!);
    for (let done = Atomics.load(ctrl, DONE); done < T - 1; done = Atomics.load(ctrl, DONE)) Atomics.wait(ctrl, DONE, done);
    for (let k = 0; k < K; k++) {
      const before = heap[ck + k]!;
      let now = before;
      for (let t = 0; t < T; t++) now += heap[copy(t) + k]! - before;
      heap[ck + k] = now;
    }
  }
}
