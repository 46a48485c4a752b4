import * as tf from '@tensorflow/tfjs-core';
import { simdAdadelta } from './adadelta-simd.js';
import { backendMemory } from './heap-module.js';
import type { TensorInfoLike as Info, WasmBackendLike } from './wasm-backend.js';

/**
 * One Adadelta update of a float32 variable as ONE pass over its elements (the kernel
 * `TopiclensAdadelta`, on the wasm and cpu backends): inputs x, g, E[g²], E[Δx²]; outputs the new
 * x, E[g²], E[Δx²], each element computed in double precision and rounded once. Written as
 * tensor ops the update is ~15 passes over every parameter, each streaming it through memory
 * (95 ms for 11.2 M parameters on wasm). On wasm the pass is a SIMD loop over the heap
 * (adadelta-simd.ts, bit-identical to the JS loop used on cpu). Other backends keep the ops
 * (`hasAdadeltaKernel`).
 */
export const ADADELTA_KERNEL = 'TopiclensAdadelta';

type Args = { inputs: Record<string, Info>; attrs: Record<string, unknown>; backend: unknown };
interface CpuLike {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): Info;
}

function update(
  x: Float32Array,
  g: Float32Array,
  eg: Float32Array,
  ex: Float32Array,
  out: [Float32Array, Float32Array, Float32Array],
  attrs: Record<string, unknown>,
): void {
  const rho = attrs.rho as number;
  const eps = attrs.epsilon as number;
  const lr = attrs.learningRate as number;
  const a = 1 - rho;
  const [nx, neg, nex] = out;
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]!;
    const e = rho * eg[i]! + a * gi * gi;
    const u = Math.sqrt((ex[i]! + eps) / (e + eps)) * gi;
    neg[i] = e;
    nex[i] = rho * ex[i]! + a * u * u;
    nx[i] = x[i]! - lr * u;
  }
}

function wasmKernel({ inputs, attrs, backend }: Args): Info[] {
  const b = backend as WasmBackendLike;
  const { x, g, eg, ex } = inputs as Record<'x' | 'g' | 'eg' | 'ex', Info>;
  const outs = [0, 1, 2].map(() => b.makeOutput(x.shape, 'float32'));
  // Views AFTER the allocations: one may grow (and detach) the heap.
  const v = (t: Info) => b.typedArrayFromHeap(t) as Float32Array;
  const memory = backendMemory(b);
  const simd = memory ? simdAdadelta(memory) : null;
  const n = v(x).length;
  let done = 0;
  if (simd) {
    const at = (t: Info) => b.dataIdMap.get(t.dataId)!.memoryOffset;
    const rho = attrs.rho as number;
    simd(
      at(x),
      at(g),
      at(eg),
      at(ex),
      at(outs[0]!),
      at(outs[1]!),
      at(outs[2]!),
      n >> 1,
      rho,
      1 - rho,
      attrs.epsilon as number,
      attrs.learningRate as number,
    );
    done = n - (n & 1);
  }
  // The rest (everything without SIMD; the odd last element with it) in JS, the same arithmetic.
  const rest = (t: Info) => v(t).subarray(done);
  update(rest(x), rest(g), rest(eg), rest(ex), [rest(outs[0]!), rest(outs[1]!), rest(outs[2]!)], attrs);
  return outs;
}

function cpuKernel({ inputs, attrs, backend }: Args): Info[] {
  const b = backend as CpuLike;
  const { x, g, eg, ex } = inputs as Record<'x' | 'g' | 'eg' | 'ex', Info>;
  const v = (t: Info) => b.data.get(t.dataId).values as Float32Array;
  const out: [Float32Array, Float32Array, Float32Array] = [0, 1, 2].map(() => new Float32Array(v(x).length)) as never;
  update(v(x), v(g), v(eg), v(ex), out, attrs);
  return out.map((values) => b.makeTensorInfo(x.shape, 'float32', values));
}

for (const [backendName, kernelFunc] of [
  ['wasm', wasmKernel],
  ['cpu', cpuKernel],
] as const)
  if (!tf.getKernel(ADADELTA_KERNEL, backendName))
    tf.registerKernel({ kernelName: ADADELTA_KERNEL, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });

export function hasAdadeltaKernel(): boolean {
  return tf.getKernel(ADADELTA_KERNEL, tf.getBackend()) !== undefined;
}

/** [x', E[g²]', E[Δx²]'] of one update (float32 tensors of x's shape). */
export function adadeltaUpdate(
  x: tf.Tensor,
  g: tf.Tensor,
  eg: tf.Tensor,
  ex: tf.Tensor,
  attrs: { rho: number; epsilon: number; learningRate: number },
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf.engine().runKernel(ADADELTA_KERNEL, { x, g, eg, ex }, attrs) as unknown as [tf.Tensor, tf.Tensor, tf.Tensor];
}
