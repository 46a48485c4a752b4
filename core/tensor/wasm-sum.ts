import * as tf from '@tensorflow/tfjs-core';
import { backendMemory, heapModule } from './heap-module.js';
import type { TensorInfoLike as Info, WasmBackendLike } from './wasm-backend.js';

/**
 * `Sum` over axes that are not the innermost, on the heap. tfjs-backend-wasm transposes the
 * reduced axes to the end first (a strided copy) and then sums each output sequentially:
 * the bias gradient's sum over the 472 rows of [472, 5000] took 4.9 ms, the attention's sum over
 * frames of [32, 28, 512] 0.72 ms. wasm-sum.wat streams the rows instead, adding them into the
 * output in the same order, so the bits are the same. Returns null (the caller runs tfjs' kernel)
 * unless the reduced axes are one block followed by at least one kept axis.
 */
const MODULE_HEX =
  '0061736d0100000001090160057f7f7f7f7f00020d01016d066d656d6f727902000003020100070d010973756d4d6964646c6500000aca0101c70101077f2004410274210b2004417c71410274210a2000210802400340200520024f0d0120012005200b6c6a210941002107024003402007200a4f0d01200920076afd0c00000000000000000000000000000000fd0b0400200741106a21070c000b0b4100210602400340200620034f0d0141002107024003402007200a4f0d01200920076a200920076afd000400200820076afd000400fde401fd0b0400200741106a21070c000b0b2008200b6a2108200641016a21060c000b0b200541016a21050c000b0b0b';

type SumMiddle = (x: number, out: number, outer: number, mid: number, inner: number) => void;

export function sumMiddleAxes(backend: WasmBackendLike, x: Info, axis: number | number[], keepDims: boolean): Info | null {
  if (x.dtype !== 'float32') return null;
  const rank = x.shape.length;
  const axes = [...tf.util.parseAxisParam(axis, x.shape)].sort((a, b) => a - b);
  if (!axes.length) return null;
  const first = axes[0]!;
  const last = axes.at(-1)!;
  if (last === rank - 1 || last - first + 1 !== axes.length) return null;
  const memory = backendMemory(backend);
  const sum = memory ? (heapModule(MODULE_HEX, memory)?.sumMiddle as SumMiddle | undefined) : undefined;
  if (!sum) return null;
  const prod = (from: number, to: number) => tf.util.sizeFromShape(x.shape.slice(from, to));
  const outer = prod(0, first);
  const mid = prod(first, last + 1);
  const inner = prod(last + 1, rank);
  const outShape = keepDims ? x.shape.map((d, k) => (k >= first && k <= last ? 1 : d)) : x.shape.filter((_, k) => k < first || k > last);
  const out = backend.makeOutput(outShape, 'float32');
  if (outer * inner === 0) return out;
  const at = (t: Info) => backend.dataIdMap.get(t.dataId)!.memoryOffset;
  sum(at(x), at(out), outer, mid, inner);
  const tail = inner % 4;
  if (tail) {
    // The last columns in JS: float32 adds in the same order (fround of a double sum of two floats
    // is the float32 sum).
    const xv = backend.typedArrayFromHeap(x);
    const ov = backend.typedArrayFromHeap(out);
    for (let o = 0; o < outer; o++)
      for (let i = inner - tail; i < inner; i++) {
        let s = 0;
        for (let m = 0; m < mid; m++) s = Math.fround(s + xv[(o * mid + m) * inner + i]!);
        ov[o * inner + i] = s;
      }
  }
  return out;
}
