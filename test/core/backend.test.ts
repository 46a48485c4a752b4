import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { TopiclensError, selectBackend, type Importer } from '../../core/index.js';

const failNative: Importer = async (s) => {
  if (s.includes('tfjs-node')) throw new Error(`Cannot find module '${s}'`);
  return import(s);
};

describe('selectBackend', () => {
  it('auto falls back from the native packages to wasm and says why', async () => {
    const choice = await selectBackend('auto', failNative);
    expect(choice.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.attempts.map((a) => [a.candidate, a.ok])).toEqual([
      ['tfjs-node-gpu', false],
      ['tfjs-node', false],
      ['wasm', true],
    ]);
    // Node's "Cannot find module …" (with an absolute path after it) becomes one short line.
    expect(choice.attempts[0]!.reason).toBe('@tensorflow/tfjs-node-gpu is not installed');
  });

  it('auto falls back to cpu when wasm cannot start', async () => {
    const noWasm: Importer = async (s) => {
      if (s.includes('wasm') || s.includes('tfjs-node')) throw new Error('unavailable here');
      return import(s);
    };
    const choice = await selectBackend('auto', noWasm);
    expect(choice.backend).toBe('cpu');
    expect(choice.attempts.filter((a) => !a.ok)).toHaveLength(3);
  });

  it('a native package that loads but registers no backend is skipped with that reason', async () => {
    const hollow: Importer = async (s) => (s.includes('tfjs-node') ? {} : import(s));
    const choice = await selectBackend('auto', hollow);
    expect(choice.attempts[1]).toEqual({ candidate: 'tfjs-node', ok: false, reason: 'it did not register the "tensorflow" backend' });
  });

  it('a forced backend that is unavailable is an error, not a silent fallback', async () => {
    const err = await selectBackend('tensorflow', failNative).catch((e) => e);
    expect(err).toBeInstanceOf(TopiclensError);
    expect(err.message).toMatch(
      /^Backend "tensorflow" is not available: tfjs-node-gpu: @tensorflow\/tfjs-node-gpu is not installed; tfjs-node: @tensorflow\/tfjs-node is not installed/,
    );
    expect(err.exitCode).toBe(2);
  });

  it('a forced cpu backend is honoured', async () => {
    expect((await selectBackend('cpu')).backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});
