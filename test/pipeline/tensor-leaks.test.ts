import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createDefaultRegistry, loadConfig, runExperiment } from '../../index.js';
import { tinierTrain, tinierWorld, writeTinyConfig } from './tiny-config.js';

// Issue 16: each in-process runExperiment left 66 tensors behind (the plugins' variables, and
// Adadelta's zeros), so `reproduce`, which runs many experiments in one process, grew.
describe('an in-process run', () => {
  it('leaves no tensors behind: three runExperiment calls, numTensors back where it started each time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-leaks-'));
    const registry = await createDefaultRegistry();
    const loaded = await loadConfig(writeTinyConfig(dir, { ...tinierWorld(), train: tinierTrain({ epochs: 1, batchSize: 32 }) }), registry);
    await tf.ready();
    const start = tf.memory().numTensors;
    const counts: number[] = [];
    for (const from of [undefined, 'train', 'topics']) {
      const r = await runExperiment(loaded, registry, { output: { quiet: true }, ...(from ? { from } : {}) });
      expect(r.stages.filter((s) => s.status === 'ran').map((s) => s.name)).toContain('attribute');
      counts.push(tf.memory().numTensors - start);
    }
    expect(counts).toEqual([0, 0, 0]);
  }, 180_000);
});
