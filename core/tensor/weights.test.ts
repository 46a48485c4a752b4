import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { assignVariables, loadNamedTensors, saveNamedTensors } from './weights.js';
import { TopiclensError } from '../errors.js';
import { writeDirAtomic } from '../runner/atomic.js';
import { useBackend } from './testing/use-backend.js';

describe('weights on disk', () => {
  beforeAll(async () => useBackend('cpu'));

  it('round-trips named tensors bit-for-bit and assigns them by prefix', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tl-w-'));
    const dir = join(root, 'ckpt');
    const a = tf.tensor2d([
      [1.5, -2.25],
      [Math.PI, 1e-30],
    ]);
    await writeDirAtomic(dir, (tmp) => saveNamedTensors(tmp, { 'enc/a': a, 'enc/b': tf.tensor1d([7]) }));
    expect((await readdir(dir)).sort()).toEqual(['weights.bin', 'weights.json']);
    expect((await readdir(root)).filter((f) => f.startsWith('.'))).toEqual([]);
    const loaded = await loadNamedTensors(dir);
    expect(Array.from(loaded['enc/a']!.dataSync())).toEqual(Array.from(a.dataSync()));
    const v = { a: tf.variable(tf.zeros([2, 2])), b: tf.variable(tf.zeros([1])) };
    assignVariables(v, loaded, 'enc/', dir);
    expect(Array.from(v.b.dataSync())).toEqual([7]);
    expect(() => assignVariables({ c: tf.variable(tf.zeros([1])) }, loaded, 'enc/', dir)).toThrow(/no weight "enc\/c"/);
    expect(() => assignVariables({ a: tf.variable(tf.zeros([3])) }, loaded, 'enc/', dir)).toThrow(
      /shape \[2,2\] but the model expects \[3\]/,
    );
  });

  it('rejects a truncated weights.bin with a TopiclensError', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-w-'));
    await saveNamedTensors(dir, { x: tf.tensor1d([1, 2, 3]) });
    await writeFile(join(dir, 'weights.bin'), new Uint8Array(4));
    await expect(loadNamedTensors(dir)).rejects.toThrow(TopiclensError);
    await expect(loadNamedTensors(dir)).rejects.toThrow(/4 bytes but weights.json describes 12/);
  });
});
