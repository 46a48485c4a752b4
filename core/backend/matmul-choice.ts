import os from 'node:os';
import { installMlasMatMul, uninstallMlasMatMul, type MlasOptions } from '../tensor/mlas/matmul-kernels.js';

/**
 * Where the wasm backend's matrix products run. By default the large ones go to ONNX Runtime's
 * MLAS (core/tensor/mlas) on min(cores, 2) intra-op threads: on a quiet 2-core machine that
 * trained the quick preset 2× faster than XNNPACK, and 2 threads beat 1 by 1.2× (bench/README.md;
 * more threads were not measured). `TOPICLENS_MATMUL=xnnpack` keeps them on XNNPACK,
 * `TOPICLENS_MATMUL_THREADS` sets the threads (the results do not depend on it). Without
 * onnxruntime-node it falls back to XNNPACK; `doctor` says why.
 */
export interface ProductsChoice {
  engine: 'mlas' | 'xnnpack';
  /** One line for doctor: what runs the products and why. */
  detail: string;
}

export interface MatMulPreference {
  engine: 'mlas' | 'xnnpack';
  threads: number;
}

export function matMulPreference(env: NodeJS.ProcessEnv = process.env): MatMulPreference {
  const v = (env.TOPICLENS_MATMUL ?? '').trim().toLowerCase();
  const fallback = Math.min(2, Math.max(1, os.availableParallelism()));
  const t = Number(env.TOPICLENS_MATMUL_THREADS ?? fallback);
  return { engine: v === 'xnnpack' || v === 'wasm' ? 'xnnpack' : 'mlas', threads: Number.isInteger(t) && t >= 1 ? t : fallback };
}

export type MlasInstaller = (o: MlasOptions) => Promise<{ ortVersion: string; threads: number }>;

/** Applies the preference on the (already selected) wasm backend. */
export async function chooseProducts(
  pref: MatMulPreference = matMulPreference(),
  install: MlasInstaller = installMlasMatMul,
): Promise<ProductsChoice> {
  if (pref.engine !== 'mlas') {
    uninstallMlasMatMul();
    return { engine: 'xnnpack', detail: 'products on XNNPACK (TOPICLENS_MATMUL=xnnpack; unset, they go to MLAS)' };
  }
  try {
    const r = await install({ threads: pref.threads });
    return {
      engine: 'mlas',
      detail: `products on MLAS (onnxruntime-node ${r.ortVersion}, ${r.threads} thread${r.threads > 1 ? 's' : ''})`,
    };
  } catch (e) {
    return { engine: 'xnnpack', detail: `products on XNNPACK (MLAS unavailable: ${shortReason(e)})` };
  }
}

/**
 * The first line of an error, short and without absolute paths: a missing package is
 * "<name> is not installed", not Node's "Cannot find package … imported from /abs/path/…".
 */
export function shortReason(e: unknown): string {
  const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(msg);
  if (missing) {
    const name = missing[1]!.startsWith('@') ? missing[1]!.split('/').slice(0, 2).join('/') : missing[1]!.split('/')[0]!;
    return `${name} is not installed`;
  }
  return msg.replace(/(?:file:\/\/)?(?:\/[^\s'"/:]+)+\/([^\s'"/:]+)/g, '$1').slice(0, 200);
}
