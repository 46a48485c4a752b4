import * as tf from '@tensorflow/tfjs-core';
// The cpu backend, every op's gradient and the chained tensor methods (what @tensorflow/tfjs added).
import '../tensor/tfjs-registrations.js';
import type { BackendName } from '../config/types.js';
import { TopiclensError } from '../errors.js';
import { installWasmKernelFixes } from '../tensor/wasm-kernels.js';
import { chooseProducts, shortReason, type ProductsChoice } from './matmul-choice.js';

export interface BackendAttempt {
  /** What was tried: `tfjs-node-gpu`, `tfjs-node`, `wasm`, `cpu`. */
  candidate: string;
  ok: boolean;
  reason?: string;
}

export interface BackendChoice {
  /** tfjs backend name in use: `tensorflow`, `wasm` or `cpu`. */
  backend: string;
  /** The package that provides it. */
  provider: string;
  attempts: BackendAttempt[];
  /** On wasm: what runs the matrix products (MLAS, or XNNPACK when TOPICLENS_MATMUL=xnnpack or MLAS is missing). */
  products?: ProductsChoice;
}

/** How a candidate is brought up; replaceable in tests. */
export type Importer = (specifier: string) => Promise<unknown>;

interface Candidate {
  name: string;
  backend: 'tensorflow' | 'wasm' | 'cpu';
  load(importer: Importer): Promise<void>;
}

const CANDIDATES: Candidate[] = [
  { name: 'tfjs-node-gpu', backend: 'tensorflow', load: async (imp) => void (await imp('@tensorflow/tfjs-node-gpu')) },
  { name: 'tfjs-node', backend: 'tensorflow', load: async (imp) => void (await imp('@tensorflow/tfjs-node')) },
  { name: 'wasm', backend: 'wasm', load: async (imp) => void (await imp('@tensorflow/tfjs-backend-wasm')) },
  { name: 'cpu', backend: 'cpu', load: async () => {} }, // registered by ../tensor/tfjs-registrations.js
];

/**
 * Pick the tfjs backend: `auto` tries tfjs-node-gpu, tfjs-node, wasm, then cpu, and reports why
 * each skipped one was skipped. A forced backend that cannot start is an error.
 */
export async function selectBackend(preference: BackendName, importer: Importer = (s) => import(s)): Promise<BackendChoice> {
  const candidates = preference === 'auto' ? CANDIDATES : CANDIDATES.filter((c) => c.backend === preference);
  const attempts: BackendAttempt[] = [];
  for (const c of candidates) {
    try {
      await c.load(importer);
      if (!tf.engine().registryFactory[c.backend]) throw new Error(`it did not register the "${c.backend}" backend`);
      const ok = await tf.setBackend(c.backend);
      if (!ok) throw new Error(`the "${c.backend}" backend failed to initialise`);
      await tf.ready();
      // tfjs-wasm 4.22's Slice/Unpack/SplitV copy whole inputs, Identity copies data, GatherV2 and
      // Tanh are slow loops: replaced by faster kernels (core/tensor/wasm-kernels.ts).
      if (c.backend === 'wasm') installWasmKernelFixes();
      attempts.push({ candidate: c.name, ok: true });
      const products = c.backend === 'wasm' ? await chooseProducts() : undefined;
      return { backend: c.backend, provider: c.name, attempts, ...(products ? { products } : {}) };
    } catch (e) {
      attempts.push({ candidate: c.name, ok: false, reason: shortReason(e) });
    }
  }
  throw new TopiclensError(
    `Backend "${preference}" is not available: ${attempts.map((a) => `${a.candidate}: ${a.reason}`).join('; ')}. ` +
      'Use "backend": "auto" (or --backend auto) to fall back to wasm or cpu.',
    2,
  );
}

export const describeChoice = (c: BackendChoice): string =>
  [
    `backend: ${c.backend} (${c.provider})${c.products ? `, ${c.products.detail}` : ''}`,
    ...c.attempts.filter((a) => !a.ok).map((a) => `  skipped ${a.candidate}: ${a.reason}`),
  ].join('\n');
