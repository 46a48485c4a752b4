import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PreparedCorpus } from '../../lda/corpus.js';

/** The C port of the WarpLDA sampler (warplda-ref.c), built and run for the bench and its test. */
export const NATIVE_SOURCE = fileURLToPath(new URL('./warplda-ref.c', import.meta.url));

/** Build warplda-ref into `dir` with gcc -O3; returns the executable, or the reason it could not. */
export function buildNative(dir: string): { exe: string } | { error: string } {
  const exe = join(dir, 'warplda-ref');
  try {
    execFileSync('gcc', ['-O3', '-march=native', '-ffp-contract=off', '-o', exe, NATIVE_SOURCE, '-lm'], { stdio: 'pipe' });
    return { exe };
  } catch (e) {
    return { error: `gcc -O3 failed: ${(e as Error).message.split('\n')[0]}` };
  }
}

export interface NativeParams {
  K: number;
  alpha: number;
  beta: number;
  mhSteps: number;
  iterations: number;
  seed: number;
}

/** Write the corpus and parameters in warplda-ref's input format; returns the file. */
export function writeNativeInput(dir: string, c: PreparedCorpus, p: NativeParams): string {
  const D = c.docStart.length - 1;
  const buf = Buffer.alloc(24 + 4 * (D + 1) + 4 * c.numTokens + 16);
  [c.numTokens, D, c.vocabulary.length, p.K, p.mhSteps, p.iterations].forEach((x, i) => {
    buf.writeInt32LE(x, 4 * i);
  });
  let o = 24;
  for (const x of c.docStart) {
    buf.writeInt32LE(x, o);
    o += 4;
  }
  for (const x of c.words) {
    buf.writeInt32LE(x, o);
    o += 4;
  }
  buf.writeDoubleLE(p.alpha, o);
  buf.writeDoubleLE(p.beta, o + 8);
  const file = join(dir, 'corpus.bin');
  writeFileSync(file, buf);
  return file;
}

export interface NativeRun {
  /** CPU seconds of the sampling iterations, as the C program measured them. */
  cpuSeconds: number;
  tokensPerSecond: number;
  /** Final topic of every token, document order. */
  z: Uint16Array;
}

/** Run warplda-ref on an input file written by writeNativeInput. */
export function runNative(exe: string, input: string, seed: number): NativeRun {
  const zFile = `${input}.z`;
  const out = execFileSync(exe, [input, zFile, String(seed >>> 0)], { maxBuffer: 64 << 20 })
    .toString()
    .trim()
    .split('\n')
    .at(-1)!
    .split(' ');
  if (out[0] !== 'total') throw new Error(`warplda-ref: expected a final "total" line, got "${out.join(' ')}".`);
  const bytes = readFileSync(zFile);
  const z = new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { cpuSeconds: Number(out[1]), tokensPerSecond: Number(out[2]), z };
}
