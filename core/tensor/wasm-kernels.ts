import * as tf from '@tensorflow/tfjs-core';
import { gatherHeap } from './wasm-gather.js';
import { type TanhParts, tanhViaSigmoid } from './wasm-tanh.js';
import { sumMiddleAxes } from './wasm-sum.js';
import type { TensorInfoLike as Info, WasmBackendLike } from './wasm-backend.js';

/**
 * Faster replacements for tfjs-backend-wasm 4.22 kernels. Three are written in JS:
 *
 * - `Slice` (and `Unpack`/`SplitV`, which call it) reads its input with `backend.readSync`,
 *   which copies the WHOLE input tensor out of the wasm heap for every slice: unstacking a
 *   [28, 32, 4096] tensor copies it 28 times (1.6 s measured). The replacement copies only the
 *   sliced elements, from a view of the heap.
 * - `Identity` copies the data; the gradient tape clones (Identity) every tensor it saves, so
 *   training copied every saved activation. The replacement shares the data by reference
 *   count, as the cpu backend does (tensors are immutable).
 *
 * Three are slow loops in C++: `GatherV2` (rows copied whole, `wasm-gather.ts`), `Tanh` (through
 * the vectorised Sigmoid, `wasm-tanh.ts`) and `Sum` over axes that are not innermost (rows added
 * in place by a SIMD loop, `wasm-sum.ts`).
 *
 * Install once after the wasm backend is registered; idempotent. Results are bit-identical,
 * except Tanh's (within ~1.6e-7 of tanh).
 */

let installed = false;
const saved = new Map<string, tf.KernelConfig>();

function sliceHeap(backend: WasmBackendLike, x: Info, begin: number[], size: number[]): Info {
  const out = backend.makeOutput(size, x.dtype);
  const n = size.reduce((a, b) => a * b, 1);
  if (n === 0) return out;
  // Views AFTER makeOutput: an allocation may grow (and detach) the heap.
  const xv = backend.typedArrayFromHeap(x);
  const ov = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  const strides = new Array<number>(rank);
  let s = 1;
  for (let d = rank - 1; d >= 0; d--) {
    strides[d] = s;
    s *= x.shape[d]!;
  }
  // Merge the trailing dimensions that are taken whole into one contiguous run.
  let inner = rank - 1;
  let run = size[inner]!;
  while (inner > 0 && size[inner] === x.shape[inner] && begin[inner] === 0) {
    inner--;
    run *= size[inner]!;
  }
  if (inner === 0) {
    const off = begin[0]! * strides[0]!;
    ov.set(xv.subarray(off, off + n));
    return out;
  }
  // Odometer over dims [0, inner): copy `run` elements per position.
  const idx = new Array<number>(inner).fill(0);
  let o = 0;
  for (;;) {
    let off = begin[inner]! * strides[inner]!;
    for (let d = 0; d < inner; d++) off += (begin[d]! + idx[d]!) * strides[d]!;
    ov.set(xv.subarray(off, off + run), o);
    o += run;
    let d = inner - 1;
    while (d >= 0 && ++idx[d]! === size[d]!) {
      idx[d] = 0;
      d--;
    }
    if (d < 0) break;
  }
  return out;
}

export function installWasmKernelFixes(): void {
  if (installed) return;
  const originals = new Map<string, tf.KernelConfig>();
  for (const name of ['Slice', 'Unpack', 'SplitV', 'Identity', 'GatherV2', 'Tanh', 'Sum']) {
    const k = tf.getKernel(name, 'wasm');
    if (!k) return; // wasm backend not registered: nothing to fix
    originals.set(name, k);
  }
  const tanhParts = Object.fromEntries(
    (['Sigmoid', 'Multiply', 'Sub'] as const).map((n) => [n.toLowerCase(), tf.getKernel(n, 'wasm')!.kernelFunc]),
  ) as unknown as TanhParts;
  for (const [n, k] of originals) saved.set(n, k);
  type Args = { inputs: Record<string, Info>; attrs: Record<string, unknown>; backend: WasmBackendLike };
  const original = (name: string, args: Args): Info => (originals.get(name)!.kernelFunc as unknown as (a: Args) => Info)(args);
  const replace = (name: string, kernelFunc: (args: Args) => Info | Info[]) => {
    const orig = originals.get(name)!;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({
      ...orig,
      kernelFunc: ((args: Args) => {
        const x = (args.inputs.x ?? args.inputs.value)!;
        if (x.dtype === 'string') return (orig.kernelFunc as (a: unknown) => Info)(args);
        return kernelFunc(args);
      }) as unknown as tf.KernelFunc,
    });
  };
  replace('Slice', ({ inputs, attrs, backend }) => {
    const x = inputs.x!;
    const [b, sz] = tf.slice_util.parseSliceParams(x as unknown as tf.TensorInfo, attrs.begin as number[], attrs.size as number[]);
    if (!b || !sz)
      throw new Error(
        `wasm Slice: tfjs' parseSliceParams returned no begin or size for begin ${String(attrs.begin)}, size ${String(attrs.size)} (tfjs-core changed its API?)`,
      );
    return sliceHeap(backend, x, b, sz);
  });
  replace('Unpack', ({ inputs, attrs, backend }) => {
    const x = inputs.value!;
    let axis = attrs.axis as number;
    if (axis < 0) axis += x.shape.length;
    const outShape = x.shape.filter((_, i) => i !== axis);
    const size = x.shape.slice();
    size[axis] = 1;
    const begin = new Array<number>(x.shape.length).fill(0);
    const outs: Info[] = [];
    for (let i = 0; i < x.shape[axis]!; i++) {
      begin[axis] = i;
      const o = sliceHeap(backend, x, begin, size);
      outs.push({ dataId: o.dataId, dtype: o.dtype, shape: outShape });
    }
    return outs;
  });
  replace('SplitV', ({ inputs, attrs, backend }) => {
    const x = inputs.x!;
    const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, attrs.numOrSizeSplits as number[] | number, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = x.shape.slice();
      size[axis] = s;
      const o = sliceHeap(backend, x, begin, size);
      begin[axis]! += s;
      return o;
    });
  });
  replace('GatherV2', (args) => {
    const { inputs, attrs, backend } = args;
    const x = inputs.x!;
    const indices = inputs.indices!;
    const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0]!;
    const plain = ((attrs.batchDims as number | undefined) ?? 0) === 0 && indices.dtype === 'int32';
    if (!plain || (x.dtype !== 'float32' && x.dtype !== 'int32')) return original('GatherV2', args);
    return gatherHeap(backend, x, indices, axis);
  });
  replace('Tanh', (args) =>
    args.inputs.x!.dtype === 'float32' ? tanhViaSigmoid(args.backend, args.inputs.x!, tanhParts) : original('Tanh', args),
  );
  replace(
    'Sum',
    (args) =>
      sumMiddleAxes(args.backend, args.inputs.x!, args.attrs.axis as number | number[], !!args.attrs.keepDims) ?? original('Sum', args),
  );
  replace('Identity', ({ inputs, backend }) => {
    const x = inputs.x!;
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
  installed = true;
}

/** Put tfjs' own kernels back (for benchmarks that compare both). */
export function uninstallWasmKernelFixes(): void {
  if (!installed) return;
  for (const [name, k] of saved) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(k);
  }
  installed = false;
}
