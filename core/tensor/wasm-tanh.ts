import type { TensorInfoLike as Info, WasmBackendLike } from './wasm-backend.js';

type Kernel = (args: { inputs: Record<string, Info>; backend: WasmBackendLike; attrs: Record<string, never> }) => Info;
/** The wasm backend's own (vectorised) kernels that the formula runs on. */
export type TanhParts = { sigmoid: Kernel; multiply: Kernel; sub: Kernel };

/**
 * tanh(x) = 2σ(2x) − 1 on the wasm backend's Sigmoid, Multiply and Sub kernels (XNNPACK,
 * vectorised). Its own Tanh is a scalar std::tanh loop: 4.2 ms for [32, 28, 256], against
 * 0.45 ms for the four vectorised kernels (a JS loop for the two affine maps took 1.3 ms). The
 * result is within ~1.6e-7 of tanh (absolute, from σ's rounding near 0.5); ±∞ and NaN map as
 * tanh does.
 */
export function tanhViaSigmoid(backend: WasmBackendLike, x: Info, k: TanhParts): Info {
  const two = backend.makeOutput([], 'float32');
  const one = backend.makeOutput([], 'float32');
  backend.typedArrayFromHeap(two)[0] = 2;
  backend.typedArrayFromHeap(one)[0] = 1;
  const call = (kernel: Kernel, inputs: Record<string, Info>) => kernel({ inputs, backend, attrs: {} });
  const twiceX = call(k.multiply, { a: x, b: two });
  const s = call(k.sigmoid, { x: twiceX });
  const twiceS = call(k.multiply, { a: s, b: two });
  const out = call(k.sub, { a: twiceS, b: one });
  for (const t of [two, one, twiceX, s, twiceS]) backend.disposeData(t.dataId);
  return out;
}
