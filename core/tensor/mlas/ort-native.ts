import { createRequire } from 'node:module';

/**
 * onnxruntime-node's native binding, called SYNCHRONOUSLY. Its JS `InferenceSession.run`
 * (onnxruntime-node 1.30, `dist/backend.js`) only wraps `binding.InferenceSession#run` in
 * `setImmediate`; a tfjs kernel must return synchronously, so the kernels call the binding.
 */
export interface OrtTensorLike {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface NativeSession {
  /** Runs the model; outputs named in `fetches` with a tensor are written into that tensor's buffer. */
  run(feeds: Record<string, OrtTensorLike>, fetches: Record<string, OrtTensorLike | null>, options: object): Record<string, OrtTensorLike>;
  dispose(): void;
}

export interface OrtNative {
  version: string;
  /** A session on the CPU execution provider (MLAS) with `threads` intra-op threads. */
  session(model: Uint8Array, threads: number): NativeSession;
  /** An ORT tensor over `data` (no copy: the binding reads and writes the typed array's memory). */
  tensor(data: Float32Array, dims: number[]): OrtTensorLike;
}

interface Binding {
  InferenceSession: new () => NativeSession & { loadModel(buf: ArrayBufferLike, offset: number, length: number, options: object): void };
}

let loaded: Promise<OrtNative> | null = null;

/** Loads onnxruntime-node (an optional dependency) once; rejects with why when it cannot. */
export function loadOrtNative(): Promise<OrtNative> {
  loaded ??= (async () => {
    const ort = (await import('onnxruntime-node')) as unknown as {
      Tensor: new (type: string, data: Float32Array, dims: number[]) => OrtTensorLike;
      env: { versions?: { node?: string } };
    };
    const require = createRequire(import.meta.url);
    const { binding, initOrt } = require('onnxruntime-node/dist/binding.js') as { binding: Binding; initOrt(): void };
    if (typeof binding?.InferenceSession !== 'function' || typeof initOrt !== 'function') {
      throw new Error('onnxruntime-node has no native InferenceSession binding (a version other than 1.x?)');
    }
    initOrt();
    const version = (require('onnxruntime-node/package.json') as { version: string }).version;
    return {
      version,
      session(model, threads) {
        const s = new binding.InferenceSession();
        s.loadModel(model.buffer, model.byteOffset, model.byteLength, {
          executionProviders: [{ name: 'cpu' }],
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
          executionMode: 'sequential',
          graphOptimizationLevel: 'all',
          // Idle pool threads sleep instead of spinning: between products the CPU goes to wasm.
          extra: { session: { intra_op: { allow_spinning: '0' } } },
        });
        return s;
      },
      tensor: (data, dims) => new ort.Tensor('float32', data, dims),
    };
  })();
  return loaded;
}
