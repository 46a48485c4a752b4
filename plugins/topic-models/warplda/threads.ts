import { Worker } from 'node:worker_threads';
import { Xorshift128Rng } from '../../../core/tensor/rng.js';
import type { PreparedCorpus } from '../lda/corpus.js';
import { docPhaseM1, wordPhaseM1, type PhaseArraysM1 } from './phases-m1.js';

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

const shared = (a: Int32Array): Int32Array => {
  const s = new Int32Array(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
};

/** The worker: the phase functions' own source, run on its word / document block when told. */
const WORKER_SOURCE = `
const { workerData: d } = require('node:worker_threads');
const wordPhaseM1 = ${wordPhaseM1.toString()};
const docPhaseM1 = ${docPhaseM1.toString()};
const t = d.t, K = d.K;
const a = { K, zW32: d.zW32, zD32: d.zD32, ck: d.ckAll.subarray(t * K, (t + 1) * K), cnt: new Int32Array(K), rng: d.rngAll.subarray(4 * t, 4 * t + 4) };
let seen = 0;
for (;;) {
  Atomics.wait(d.ctrl, ${GEN}, seen);
  seen = Atomics.load(d.ctrl, ${GEN});
  const cmd = Atomics.load(d.ctrl, ${CMD});
  if (cmd === ${EXIT}) break;
  if (cmd === ${WORD}) wordPhaseM1(a, d.wordStart, d.dpos, d.beta, d.wordBlocks[t], d.wordBlocks[t + 1]);
  else docPhaseM1(a, d.docStart, d.wpos, d.alpha, d.beta, d.V, d.docBlocks[t], d.docBlocks[t + 1]);
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
  private readonly T: number;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(12));
  private readonly ckAll: Int32Array;
  private readonly main: PhaseArraysM1;
  private readonly wordBlocks: Int32Array;
  private readonly docBlocks: Int32Array;
  private readonly workers: Worker[] = [];
  private closed = false;

  constructor(
    private readonly c: PreparedCorpus,
    private readonly p: { K: number; alpha: number; beta: number; seed: number },
    threads: number,
    zW32: Uint32Array,
    zD32: Uint32Array,
    /** Exact C_k at the start; kept exact between phases. */
    private readonly ck: Int32Array,
    /** The calling thread's generator state (the sampler's), continued by thread 0. */
    rng0: Int32Array,
  ) {
    const T = threads;
    this.T = T;
    const K = p.K;
    this.ckAll = new Int32Array(new SharedArrayBuffer(4 * T * K));
    const rngAll = new Int32Array(new SharedArrayBuffer(16 * T));
    rngAll.set(rng0, 0);
    for (let t = 1; t < T; t++) rngAll.set(new Xorshift128Rng((p.seed + 0x9e3779b9 * t) >>> 0).s, 4 * t);
    this.wordBlocks = splitByTokens(c.wordStart, T);
    this.docBlocks = splitByTokens(c.docStart, T);
    this.main = { K, zW32, zD32, ck: this.ckAll.subarray(0, K), cnt: new Int32Array(K), rng: rngAll.subarray(0, 4) };
    const workerData = {
      K,
      alpha: p.alpha,
      beta: p.beta,
      V: c.wordStart.length - 1,
      zW32,
      zD32,
      ckAll: this.ckAll,
      rngAll,
      ctrl: this.ctrl,
      wordStart: shared(c.wordStart),
      dpos: shared(c.dpos),
      docStart: shared(c.docStart),
      wpos: shared(c.wpos),
      wordBlocks: this.wordBlocks,
      docBlocks: this.docBlocks,
    };
    for (let t = 1; t < T; t++) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { ...workerData, t } });
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
    const { ctrl, ckAll, ck, T, c, p } = this;
    const K = p.K;
    for (let t = 0; t < T; t++) ckAll.set(ck, t * K);
    Atomics.store(ctrl, DONE, 0);
    Atomics.store(ctrl, CMD, cmd);
    Atomics.add(ctrl, GEN, 1);
    Atomics.notify(ctrl, GEN);
    if (cmd === WORD) wordPhaseM1(this.main, c.wordStart, c.dpos, p.beta, this.wordBlocks[0]!, this.wordBlocks[1]!);
    else docPhaseM1(this.main, c.docStart, c.wpos, p.alpha, p.beta, c.wordStart.length - 1, this.docBlocks[0]!, this.docBlocks[1]!);
    for (let done = Atomics.load(ctrl, DONE); done < T - 1; done = Atomics.load(ctrl, DONE)) Atomics.wait(ctrl, DONE, done);
    for (let k = 0; k < K; k++) {
      const before = ck[k]!;
      let now = before;
      for (let t = 0; t < T; t++) now += ckAll[t * K + k]! - before;
      ck[k] = now;
    }
  }
}
