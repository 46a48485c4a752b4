import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { chooseProducts, matMulPreference, shortReason } from './matmul-choice.js';
import { mlasMatMulStatus } from '../tensor/mlas/matmul-kernels.js';
import { useBackend } from '../tensor/testing/use-backend.js';

describe('matmul choice (TOPICLENS_MATMUL)', () => {
  it('is MLAS on min(cores, 2) threads unless TOPICLENS_MATMUL=xnnpack; threads from TOPICLENS_MATMUL_THREADS', () => {
    const cores = Math.min(2, os.availableParallelism());
    expect(matMulPreference({})).toEqual({ engine: 'mlas', threads: cores });
    expect(matMulPreference({ TOPICLENS_MATMUL: 'MLAS', TOPICLENS_MATMUL_THREADS: '3' })).toEqual({ engine: 'mlas', threads: 3 });
    expect(matMulPreference({ TOPICLENS_MATMUL: 'xnnpack', TOPICLENS_MATMUL_THREADS: '1' })).toEqual({ engine: 'xnnpack', threads: 1 });
    expect(matMulPreference({ TOPICLENS_MATMUL: 'wasm', TOPICLENS_MATMUL_THREADS: 'x' })).toEqual({ engine: 'xnnpack', threads: cores });
  });

  it('falls back to XNNPACK with one short line when onnxruntime-node is missing', async () => {
    await useBackend('wasm');
    const missing = async () => {
      throw new Error("Cannot find package 'onnxruntime-node' imported from /work/x/core/tensor/mlas/ort-native.ts");
    };
    const c = await chooseProducts({ engine: 'mlas', threads: 1 }, missing);
    expect(c).toEqual({ engine: 'xnnpack', detail: 'products on XNNPACK (MLAS unavailable: onnxruntime-node is not installed)' });
    expect(mlasMatMulStatus().active).toBe(false);
  });

  it('short reasons carry no absolute paths', () => {
    expect(
      shortReason(new Error("Cannot find package '@tensorflow/tfjs-node' imported from /abs/path/core/backend/select-backend.ts")),
    ).toBe('@tensorflow/tfjs-node is not installed');
    expect(shortReason(new Error("Cannot find module '@tensorflow/tfjs-node/dist/index.js'\nRequire stack:\n- /a/b.js"))).toBe(
      '@tensorflow/tfjs-node is not installed',
    );
    expect(
      shortReason(
        new Error(
          'libtensorflow.so.2: cannot open shared object file, loading /home/u/p/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node',
        ),
      ),
    ).toBe('libtensorflow.so.2: cannot open shared object file, loading tfjs_binding.node');
  });
});
