import * as tf from '@tensorflow/tfjs-core';
import '../tfjs-registrations.js';
import type { NamedVariables } from '../../contracts/tensors.js';
import { namedVariableGrads } from '../grads.js';
import { Rng } from '../rng.js';

/** Test helpers: backend selection and finite-difference gradient checks. */

export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(name);
  await tf.ready();
  if (name === 'wasm') (await import('../wasm-kernels.js')).installWasmKernelFixes();
}

export interface GradCheckResult {
  /** Worst |numeric − analytic| / (|analytic| + |numeric| + floor) over the sampled coordinates. */
  worst: number;
  where: string;
  checked: number;
}

/**
 * Compares the analytic gradient of `loss()` (a scalar) with central differences at
 * `perVariable` random coordinates of each variable. Run on small sizes; float32 arithmetic,
 * so use eps ≈ 1e-2…1e-3 and a relative tolerance of a few 1e-2.
 */
export function gradCheck(
  loss: () => tf.Scalar,
  variables: NamedVariables,
  opts: { eps?: number; perVariable?: number; seed?: number; floor?: number } = {},
): GradCheckResult {
  const eps = opts.eps ?? 1e-2;
  const per = opts.perVariable ?? 4;
  const floor = opts.floor ?? 1e-2;
  const rng = new Rng(opts.seed ?? 1);
  const names = Object.keys(variables);
  const { value, grads } = namedVariableGrads(loss, variables);
  const analytic: Record<string, Float32Array> = {};
  names.forEach((n) => {
    analytic[n] = grads[n]!.dataSync() as Float32Array;
  });
  tf.dispose([value, ...Object.values(grads)]);
  const evalLoss = (): number => tf.tidy(() => loss().dataSync()[0]!);
  let worst = 0;
  let where = '';
  let checked = 0;
  for (const n of names) {
    const v = variables[n]!;
    const base = v.dataSync().slice() as Float32Array;
    for (let k = 0; k < Math.min(per, base.length); k++) {
      const i = rng.int(base.length);
      const probe = (delta: number): number => {
        const copy = base.slice();
        copy[i] = base[i]! + delta;
        tf.tidy(() => v.assign(tf.tensor(copy, v.shape, 'float32')));
        return evalLoss();
      };
      const numeric = (probe(eps) - probe(-eps)) / (2 * eps);
      const a = analytic[n]![i]!;
      const err = Math.abs(numeric - a) / (Math.abs(a) + Math.abs(numeric) + floor);
      if (err > worst) {
        worst = err;
        where = `${n}[${i}] analytic ${a} numeric ${numeric}`;
      }
      checked++;
    }
    tf.tidy(() => v.assign(tf.tensor(base, v.shape, 'float32')));
  }
  return { worst, where, checked };
}
