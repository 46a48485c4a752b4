/**
 * The PyTorch side of bench/train: writes the tfjs model's weights and the batch to a folder,
 * runs bench/train-torch.py (an independent implementation of the same model) in a child
 * process at a given thread count and BLAS core type, and parses its JSON line.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../plugins/training/batches.js';
import type { CaptionModel } from '../plugins/training/types.js';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./train-torch.py', import.meta.url));

/**
 * The OpenBLAS core type "tuned to this CPU" when OpenBLAS' own detection misses it: SkylakeX
 * (AVX-512 kernels) on a CPU with AVX-512 — virtual CPUs often report a model OpenBLAS does not
 * know, and it falls back to older kernels. null on a CPU without AVX-512 (SkylakeX would die
 * with SIGILL there; OpenBLAS' detection, e.g. Zen, is then already the CPU's own kernel).
 */
export function tunedCoreType(): string | null {
  let flags = '';
  try {
    flags = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return null;
  }
  return /\bavx512f\b/.test(flags) ? 'SkylakeX' : null;
}

/** `torch x.y (BLAS …)` or why PyTorch cannot run (see bench/README.md for the install). */
export function torchAvailable(): { ok: true; version: string } | { ok: false; reason: string } {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.status !== 0)
    return { ok: false, reason: `${PYTHON} cannot import torch (${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)})` };
  return { ok: true, version: r.stdout.trim() };
}

/** Weights (`var/<part>/<name>`) and batch (`batch/…`) as one binary file plus a manifest. */
export function exportForTorch(model: CaptionModel, batch: Batch, config: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'topiclens-bench-torch-'));
  const arrays: Record<string, { dtype: string; shape: number[]; offset: number }> = {};
  const chunks: Buffer[] = [];
  let offset = 0;
  const add = (name: string, t: tf.Tensor) => {
    const data = t.dataSync();
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    arrays[name] = { dtype: t.dtype === 'int32' ? 'int32' : 'float32', shape: t.shape, offset };
    chunks.push(buf);
    offset += buf.byteLength;
  };
  for (const [part, p] of Object.entries({ encoder: model.encoder, decoder: model.decoder, interpretiveLoss: model.interpretiveLoss })) {
    for (const [n, v] of Object.entries(p.variables())) add(`var/${part}/${n}`, v);
  }
  if (batch.targets.kind !== 'caption') throw new Error('bench/train: caption targets expected');
  add('batch/frames', batch.frames);
  add('batch/tokens', batch.targets.tokens);
  add('batch/mask', batch.targets.mask);
  add('batch/topics', batch.topics);
  writeFileSync(join(dir, 'data.bin'), Buffer.concat(chunks));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ arrays, config }));
  return dir;
}

export interface TorchResult {
  torch: string;
  threads: number;
  coretype: string;
  /** The kernel set OpenBLAS runs (openblas_get_corename). */
  blasCore: string;
  checkLoss?: number;
  stepSeconds?: number[];
  inferSeconds?: number;
  peakRssMB: number;
}

/** One child process: `steps` training steps after a warm-up, then `infer` inference batches. */
export function runTorch(
  dir: string,
  opts: { threads: number; coretype?: string; steps: number; infer: number; check?: boolean },
): TorchResult {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: String(opts.threads), OPENBLAS_NUM_THREADS: String(opts.threads) };
  if (opts.coretype) env.OPENBLAS_CORETYPE = opts.coretype;
  else delete env.OPENBLAS_CORETYPE;
  const args = [SCRIPT, dir, '--threads', String(opts.threads), '--steps', String(opts.steps), '--infer', String(opts.infer)];
  if (opts.check) args.push('--check');
  const out = execFileSync(PYTHON, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out.trim().split('\n').at(-1)!) as TorchResult;
}

/**
 * A PyTorch process kept alive (after its warm-up) so that its steps interleave one by one with
 * topiclens' steps: on a shared machine the load changes within a minute.
 */
export class TorchWorker {
  private readonly lines: AsyncIterator<string>;
  private constructor(private readonly child: ReturnType<typeof spawn>) {
    this.lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  }

  static async start(dir: string, threads: number, coretype?: string): Promise<TorchWorker> {
    const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
    if (coretype) env.OPENBLAS_CORETYPE = coretype;
    else delete env.OPENBLAS_CORETYPE;
    const child = spawn(PYTHON, [SCRIPT, dir, '--threads', String(threads), '--serve'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    const w = new TorchWorker(child);
    await w.next(); // {"ready": true} after the warm-up
    return w;
  }

  private async next(): Promise<{ seconds: number; peakRssMB: number }> {
    const r = await this.lines.next();
    if (r.done) throw new Error('the PyTorch worker exited early (see its stderr above)');
    return JSON.parse(r.value) as { seconds: number; peakRssMB: number };
  }

  async run(cmd: 'train' | 'infer'): Promise<{ seconds: number; peakRssMB: number }> {
    this.child.stdin!.write(`${cmd}\n`);
    return this.next();
  }

  stop(): void {
    this.child.stdin!.end('quit\n');
  }
}
