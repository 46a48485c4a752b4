import type * as tf from '@tensorflow/tfjs-core';

/**
 * What topiclens' own wasm kernels use of tfjs-backend-wasm's backend object (its class is not
 * exported from the package's types): tensor infos, outputs allocated on the wasm heap, views of
 * them, reference counts, byte offsets, and the module's memory.
 */
export type TensorInfoLike = { dataId: object; shape: number[]; dtype: tf.DataType };

export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfoLike;
  /** A view of the tensor's data on the heap; taken AFTER any allocation (one may grow, and detach, the heap). */
  typedArrayFromHeap(t: TensorInfoLike): Float32Array | Int32Array | Uint8Array;
  incRef(dataId: object): void;
  disposeData(dataId: object): boolean;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  wasm?: { asm?: { memory?: unknown } };
}
