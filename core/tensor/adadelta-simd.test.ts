import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Adadelta } from './adadelta.js';
import { Rng } from './rng.js';
import { useBackend } from './testing/use-backend.js';
import { simdAdadelta } from './adadelta-simd.js';

/** 3 Adadelta steps of 5001 weights (odd: the last element takes the JS path) on one backend. */
async function threeSteps(backend: 'cpu' | 'wasm'): Promise<number[][]> {
  await useBackend(backend);
  const rng = new Rng(9);
  const x0 = Array.from({ length: 5001 }, () => rng.normal());
  const v = tf.variable(tf.tensor1d(x0));
  const opt = new Adadelta({ rho: 0.95, epsilon: 1e-6, learningRate: 0.7 });
  for (let s = 0; s < 3; s++) opt.apply({ w: v }, { w: tf.tensor1d(x0.map(() => rng.normal() * 10 ** (rng.int(6) - 3))) });
  const out = [Array.from(v.dataSync()), ...Object.values(opt.getState().tensors).map((t) => Array.from(t.dataSync()))];
  opt.dispose();
  v.dispose();
  return out;
}

describe('Adadelta as a wasm SIMD loop over the heap', () => {
  it('compiles here and gives the same bits as the JS loop of the cpu kernel', async () => {
    const cpu = await threeSteps('cpu');
    const wasm = await threeSteps('wasm');
    const memory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
    expect(simdAdadelta(memory)).toBeTypeOf('function');
    expect(wasm).toEqual(cpu);
    // the weights moved from their start (the first draw of Rng(9)), so equal is not trivially equal
    expect(Math.abs(cpu[0]![0]! - new Rng(9).normal())).toBeGreaterThan(1e-5);
    expect(cpu[1]!.filter((e) => e > 0).length).toBe(5001);
  });

  it('is null, not an error, for a memory it cannot use (a shared one: the module imports a plain memory)', () => {
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    expect(simdAdadelta(shared)).toBeNull();
  });
});
