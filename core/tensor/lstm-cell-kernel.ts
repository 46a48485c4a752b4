import * as tf from '@tensorflow/tfjs-core';
import { TopiclensError } from '../errors.js';
import { backendMemory } from './heap-module.js';
import { simdLstmCell } from './lstm-cell-simd.js';
import type { TensorInfoLike as Info, WasmBackendLike } from './wasm-backend.js';

/**
 * The LSTM cell update as ONE kernel on the wasm backend (`TopiclensLstmCell`: inputs z
 * `[B, 4H]`, c `[B, H]`; outputs h, c2 and, for the gradient, the activated gates
 * [σ(i), σ(f), tanh g, σ(o), tanh c2] `[B, 5H]`), with its gradient as one more
 * (`TopiclensLstmCellGrad`, arithmetic only). Composed of tensor ops the update is 16 kernels
 * (a split, three sigmoids, two tanh of four kernels each, three products and a sum) and its
 * gradient about twice that, each a dispatch and a pass over [B, H]: ~0.26 ms a step for
 * [32, 256] on wasm, a quarter of the encoder's inference time. The loops are WebAssembly SIMD (lstm-cell.wat); the
 * last H % 4 units of each row, and everything where SIMD is missing, run the same arithmetic in
 * JS below. The forward pass gives the bits of the composed ops on wasm (tested).
 */
export const LSTM_CELL_KERNEL = 'TopiclensLstmCell';
export const LSTM_CELL_GRAD_KERNEL = 'TopiclensLstmCellGrad';

const fr = Math.fround;
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** XNNPACK's rr2-p5-div sigmoid in float32, operation by operation (as lstm-cell.wat). */
function sigmoid32(x: number): number {
  const z = Math.abs(x);
  let n = fr(fr(z * -1.4426950216293335) + 12583039);
  F32[0] = n;
  U32[0] = U32[0]! << 23;
  const s = F32[0]!;
  n = fr(n - 12583039);
  let t = fr(fr(n * 0.693145751953125) + z);
  t = fr(fr(n * 1.428606765330187e-6) + t);
  let p = fr(fr(t * -0.008289290592074394) + 0.04189782217144966);
  p = fr(fr(t * p) + -0.16667652130126953);
  p = fr(fr(t * p) + 0.4999915063381195);
  p = fr(fr(t * p) + -0.9999997019767761);
  t = fr(t * s);
  const e = fr(fr(t * p) + s);
  let f = fr(e / fr(e + 1));
  if (z > 87.33654022216797) f = 0;
  return x > 0 ? fr(1 - f) : f;
}

function tanh32(x: number): number {
  return fr(fr(2 * sigmoid32(fr(2 * x))) - 1);
}

type Views = Record<string, Float32Array>;

/** Units [from, H) of every row, in JS (the SIMD loops do [0, from)); act = [σ(i), σ(f), tanh g, σ(o), tanh c2]. */
function cellRest(v: Views, rows: number, H: number, from: number): void {
  for (let r = 0; r < rows; r++)
    for (let u = from; u < H; u++) {
      const g0 = r * 4 * H + u;
      const a0 = r * 5 * H + u;
      const j = r * H + u;
      const i = sigmoid32(v.z![g0]!);
      const f = sigmoid32(v.z![g0 + H]!);
      const g = tanh32(v.z![g0 + 2 * H]!);
      const o = sigmoid32(v.z![g0 + 3 * H]!);
      const cn = fr(fr(f * v.c![j]!) + fr(i * g));
      const tc = tanh32(cn);
      v.c2![j] = cn;
      v.h![j] = fr(o * tc);
      [i, f, g, o, tc].forEach((x, b) => {
        v.act![a0 + b * H] = x;
      });
    }
}

function cellGradRest(v: Views, rows: number, H: number, from: number): void {
  for (let r = 0; r < rows; r++)
    for (let u = from; u < H; u++) {
      const g0 = r * 4 * H + u;
      const a0 = r * 5 * H + u;
      const j = r * H + u;
      const [i, f, g, o, tc] = [0, 1, 2, 3, 4].map((b) => v.act![a0 + b * H]!) as [number, number, number, number, number];
      const d = v.dh![j]!;
      v.dz![g0 + 3 * H] = fr(fr(d * tc) * fr(o * fr(1 - o)));
      const dct = fr(v.dc2![j]! + fr(fr(1 - fr(tc * tc)) * fr(d * o)));
      v.dz![g0] = fr(fr(dct * g) * fr(i * fr(1 - i)));
      v.dz![g0 + 2 * H] = fr(fr(1 - fr(g * g)) * fr(dct * i));
      v.dz![g0 + H] = fr(fr(dct * v.c![j]!) * fr(f * fr(1 - f)));
      v.dc![j] = fr(dct * f);
    }
}

type Args = { inputs: Record<string, Info>; backend: WasmBackendLike };
type Loops = NonNullable<ReturnType<typeof simdLstmCell>>;

function run(
  backend: WasmBackendLike,
  H: number,
  tensors: Record<string, Info>,
  simd: (loops: Loops, at: (t: Info) => number) => void,
  rest: (v: Views, rows: number, H: number, from: number) => void,
): void {
  const rows = tensors.c!.shape[0]!;
  const memory = backendMemory(backend);
  const loops = memory ? simdLstmCell(memory) : null;
  let from = 0;
  if (loops && H >= 4) {
    simd(loops, (t) => backend.dataIdMap.get(t.dataId)!.memoryOffset);
    from = H - (H % 4);
  }
  if (from === H) return;
  // Views AFTER the allocations: one may grow (and detach) the heap.
  const views: Views = {};
  for (const [k, t] of Object.entries(tensors)) views[k] = backend.typedArrayFromHeap(t) as Float32Array;
  rest(views, rows, H, from);
}

function cellKernel({ inputs, backend }: Args): Info[] {
  const { z, c } = inputs as { z: Info; c: Info };
  const [B, H] = c.shape as [number, number];
  const h = backend.makeOutput(c.shape, 'float32');
  const c2 = backend.makeOutput(c.shape, 'float32');
  const act = backend.makeOutput([B, 5 * H], 'float32');
  run(backend, H, { z, c, h, c2, act }, (loops, at) => loops.cell(at(z), at(c), at(h), at(c2), at(act), B, H), cellRest);
  return [h, c2, act];
}

function cellGradKernel({ inputs, backend }: Args): Info[] {
  const { act, c, dh, dc2 } = inputs as Record<'act' | 'c' | 'dh' | 'dc2', Info>;
  const [B, H] = c.shape as [number, number];
  const dz = backend.makeOutput([B, 4 * H], 'float32');
  const dc = backend.makeOutput(c.shape, 'float32');
  run(
    backend,
    H,
    { act, c, dh, dc2, dz, dc },
    (loops, at) => loops.cellGrad(at(act), at(c), at(dh), at(dc2), at(dz), at(dc), B, H),
    cellGradRest,
  );
  return [dz, dc];
}

if (!tf.getKernel(LSTM_CELL_KERNEL, 'wasm')) {
  tf.registerKernel({ kernelName: LSTM_CELL_KERNEL, backendName: 'wasm', kernelFunc: cellKernel as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: LSTM_CELL_GRAD_KERNEL, backendName: 'wasm', kernelFunc: cellGradKernel as unknown as tf.KernelFunc });
  tf.registerGradient({
    kernelName: LSTM_CELL_KERNEL,
    inputsToSave: ['c'],
    outputsToSave: [false, false, true],
    gradFunc: (dy, saved) => {
      const [dh, dc2] = dy as tf.Tensor[];
      const [c, act] = saved;
      // Both in one call, here and not in the closures: tfjs runs each closure in its own tidy.
      const [dz, dc] = tf.engine().runKernel(LSTM_CELL_GRAD_KERNEL, { act: act!, c: c!, dh: dh!, dc2: dc2! }, {}) as tf.Tensor[];
      return { z: () => dz!, c: () => dc! };
    },
  });
}

/** Whether the current backend runs the cell as one kernel (wasm). */
export function hasLstmCellKernel(): boolean {
  return tf.getBackend() === 'wasm' && tf.getKernel(LSTM_CELL_KERNEL, 'wasm') !== undefined;
}

/** [h', c'] of one update through the kernel; see lstmCell. */
export function lstmCellKernel(z: tf.Tensor2D, c: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
  const [B, H4] = z.shape;
  if (z.rank !== 2 || c.rank !== 2 || H4 % 4 !== 0 || c.shape[0] !== B || c.shape[1] !== H4 / 4 || c.dtype !== 'float32')
    throw new TopiclensError(
      `lstmCell: gates [${z.shape}] and cell [${c.shape}] (${c.dtype}) do not match; expected [B, 4H] and float32 [B, H].`,
    );
  const [h, c2, act] = tf.engine().runKernel(LSTM_CELL_KERNEL, { z, c }, {}) as unknown as tf.Tensor2D[];
  // the activated gates only feed the gradient, which keeps its own reference
  act!.dispose();
  return [h!, c2!];
}
