import * as tf from '@tensorflow/tfjs-core';
import { matMulModel, type MatMulSignature } from './onnx-matmul-model.js';
import { loadOrtNative, type NativeSession, type OrtNative } from './ort-native.js';
import { setTransposedProductsFast } from '../matmul.js';

/**
 * tfjs-wasm's matrix products (`BatchMatMul`, `_FusedMatMul`) on ONNX Runtime's MLAS — the CPU's
 * native GEMM (AVX-512/AVX2), 3–6× XNNPACK's 128-bit wasm SIMD here, and transposed operands at
 * full speed (wasm runs those in a scalar loop). The kernel hands views of the wasm heap to the
 * native binding: MLAS reads both operands and writes the result straight into the tfjs output
 * buffer, synchronously, so nothing is copied. Small products stay on the original kernel,
 * where a native call costs more than it saves.
 *
 * Install after `tf.setBackend('wasm')`; `uninstallMlasMatMul` puts tfjs' kernels back.
 */

type Info = { dataId: object; shape: number[]; dtype: tf.DataType };
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(t: Info): Float32Array;
  disposeData(dataId: object): boolean;
}
type KernelArgs = { inputs: Record<string, Info | undefined>; attrs: Record<string, unknown>; backend: WasmBackendLike };
type Kernel = (args: KernelArgs) => Info;

export interface MlasOptions {
  /** Intra-op threads of the ORT sessions (default 1; see bench/README.md for 1 vs 2). */
  threads?: number;
  /** Smallest m·k·n sent to MLAS for a plain 2-D product (smaller ones stay on XNNPACK). */
  minWork?: number;
  /** Same for transposed or batched products, which wasm runs in a scalar loop. */
  minWorkTransposed?: number;
  /**
   * Let matMulFast use tfjs' own transposed-product gradient (default true): MLAS runs those
   * products as fast as plain ones, so the explicit transposes are pure cost.
   */
  plainGradients?: boolean;
}

export interface MlasStats {
  /** Products run on MLAS / left on the wasm kernel. */
  native: number;
  wasm: number;
  /** Floating-point operations done on MLAS. */
  flops: number;
}

interface State {
  ort: OrtNative;
  threads: number;
  minWork: number;
  minWorkTransposed: number;
  sessions: Map<string, NativeSession>;
  originals: Map<string, tf.KernelConfig>;
  stats: MlasStats;
}

let state: State | null = null;
const KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

function session(s: State, sig: MatMulSignature): NativeSession {
  const key = `${sig.rank}${sig.transposeA ? 'T' : 'N'}${sig.transposeB ? 'T' : 'N'}`;
  let sess = s.sessions.get(key);
  if (!sess) {
    sess = s.ort.session(matMulModel(sig), s.threads);
    s.sessions.set(key, sess);
  }
  return sess;
}

/** a·b (transposes as asked) on MLAS into a new wasm tensor, or null when it should stay on wasm. */
function product(s: State, backend: WasmBackendLike, a: Info, b: Info, tA: boolean, tB: boolean): Info | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) return null;
  const m = tA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = tA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const n = tB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if ((tB ? b.shape[rb - 1] : b.shape[rb - 2]) !== k) return null; // the original kernel says what is wrong
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = size(outerA);
  const batchB = size(outerB);
  const batched = ra > 2 || rb > 2;
  if (batched && batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  const batch = Math.max(batchA, batchB);
  const work = batch * m * n * k;
  if (work === 0) return null;
  if (work < (tA || tB || batched ? s.minWorkTransposed : s.minWork)) return null;
  const outShape = [...tf.backend_util.assertAndGetBroadcastShape(outerA, outerB), m, n];
  const out = backend.makeOutput(outShape, 'float32');
  // Views AFTER makeOutput: an allocation may grow (and so detach) the heap.
  const av = backend.typedArrayFromHeap(a);
  const bv = backend.typedArrayFromHeap(b);
  const ov = backend.typedArrayFromHeap(out);
  const dims3 = (x: Info, batchX: number) => [batchX, x.shape[x.shape.length - 2]!, x.shape[x.shape.length - 1]!];
  const feeds = batched
    ? { a: s.ort.tensor(av, dims3(a, batchA)), b: s.ort.tensor(bv, dims3(b, batchB)) }
    : { a: s.ort.tensor(av, a.shape), b: s.ort.tensor(bv, b.shape) };
  const y = s.ort.tensor(ov, batched ? [batch, m, n] : [m, n]);
  session(s, { rank: batched ? 3 : 2, transposeA: tA, transposeB: tB }).run(feeds, { y }, {});
  s.stats.native++;
  s.stats.flops += 2 * work;
  return out;
}

const ACTIVATION_KERNEL: Record<string, string> = {
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
};

function runKernel(name: string, args: KernelArgs): Info {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`mlas _FusedMatMul: the wasm backend has no ${name} kernel`);
  return (k.kernelFunc as unknown as Kernel)(args);
}

function install(s: State): void {
  const orig = (name: string) => s.originals.get(name)!.kernelFunc as unknown as Kernel;
  const impl: Record<(typeof KERNELS)[number], Kernel> = {
    BatchMatMul: (args) => {
      const { a, b } = args.inputs;
      const out = product(s, args.backend, a!, b!, !!args.attrs.transposeA, !!args.attrs.transposeB);
      if (out) return out;
      s.stats.wasm++;
      return orig('BatchMatMul')(args);
    },
    _FusedMatMul: (args) => {
      const { a, b, bias, preluActivationWeights } = args.inputs;
      const activation = (args.attrs.activation as string | undefined) ?? 'linear';
      const actKernel = ACTIVATION_KERNEL[activation];
      if (activation !== 'linear' && !actKernel) return orig('_FusedMatMul')(args);
      let out = product(s, args.backend, a!, b!, !!args.attrs.transposeA, !!args.attrs.transposeB);
      if (!out) {
        s.stats.wasm++;
        return orig('_FusedMatMul')(args);
      }
      const { backend } = args;
      const then = (next: Info) => {
        backend.disposeData(out!.dataId);
        out = next;
      };
      if (bias) then(runKernel('Add', { inputs: { a: out, b: bias }, attrs: {}, backend }));
      if (actKernel === 'Prelu') then(runKernel('Prelu', { inputs: { x: out, alpha: preluActivationWeights }, attrs: {}, backend }));
      else if (actKernel) then(runKernel(actKernel, { inputs: { x: out }, attrs: { alpha: args.attrs.leakyreluAlpha }, backend }));
      return out;
    },
  };
  for (const name of KERNELS) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...s.originals.get(name)!, kernelFunc: impl[name] as unknown as tf.KernelFunc });
  }
}

/**
 * Route the wasm backend's large products to MLAS. Idempotent (a second call with other
 * options re-creates the sessions). Rejects when onnxruntime-node cannot load or the wasm
 * backend is not registered; the kernels are then untouched.
 */
export async function installMlasMatMul(options: MlasOptions = {}): Promise<{ ortVersion: string; threads: number }> {
  const ort = await loadOrtNative();
  const originals = state?.originals ?? new Map<string, tf.KernelConfig>();
  if (!state) {
    for (const name of KERNELS) {
      const k = tf.getKernel(name, 'wasm');
      if (!k) throw new Error(`the wasm backend has no ${name} kernel (is @tensorflow/tfjs-backend-wasm imported?)`);
      originals.set(name, k);
    }
  }
  uninstallMlasMatMul();
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  state = {
    ort,
    threads,
    minWork: options.minWork ?? 32 * 128 * 128,
    minWorkTransposed: options.minWorkTransposed ?? 4096,
    sessions: new Map(),
    originals,
    stats: { native: 0, wasm: 0, flops: 0 },
  };
  install(state);
  setTransposedProductsFast(options.plainGradients ?? true);
  return { ortVersion: ort.version, threads };
}

/** Put tfjs' own matmul kernels back and release the sessions. */
export function uninstallMlasMatMul(): void {
  if (!state) return;
  for (const name of KERNELS) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(state.originals.get(name)!);
  }
  for (const s of state.sessions.values()) s.dispose();
  setTransposedProductsFast(false);
  state = null;
}

/** Whether MLAS serves wasm's products now, with its thread count and counters. */
export function mlasMatMulStatus(): { active: false } | { active: true; threads: number; stats: MlasStats } {
  return state ? { active: true, threads: state.threads, stats: { ...state.stats } } : { active: false };
}
