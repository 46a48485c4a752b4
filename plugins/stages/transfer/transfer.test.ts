import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../../index.js';
import { loadConfig } from '../../../core/config/index.js';
import type { PluginRegistry } from '../../../core/plugin/registry.js';
import { runExperiment } from '../../../core/runner/run-experiment.js';
import { seedFor } from '../../../core/tensor/rng.js';
import { loadNamedTensors } from '../../../core/tensor/weights.js';
import { useBackend } from '../../../core/tensor/testing/use-backend.js';
import { BiLstmEncoder } from '../../encoders/bilstm/bilstm.js';
import { defaults as bilstmDefaults } from '../../encoders/bilstm/schema.js';
import { MlpClassifier } from '../../decoders/mlp-classifier/classifier.js';
import { defaults as mlpDefaults } from '../../decoders/mlp-classifier/schema.js';
import { resolveSourceRun } from './resolve-source.js';
import { trainClassifier } from './train-classifier.js';
import { tinyLabelSet, tinyTransferModel, tinyTransferOptions } from '../../../test/support/training/fixtures.js';

const ENCODER = { type: 'bilstm', options: { units: 4 } };
const synthetic = (variant: string, counts: object) => ({
  type: 'synthetic-clips',
  options: { variant, counts, frames: 4, featureDim: 16, captionsPerClip: { min: 2, max: 3 } },
});
/** A tiny captioning run (LSTM-B shape) and transfer configs over it. */
const captioning = {
  name: 'cap',
  seed: 3,
  backend: 'cpu',
  dataset: synthetic('standard', { train: 10, val: 0, test: 3 }),
  encoder: ENCODER,
  decoder: { type: 'attention-lstm', options: { units: 8, attentionUnits: 4, embeddingSize: 4, beam: 1, maxLength: 6 } },
  interpretiveLoss: { type: 'none' },
  metrics: ['bleu'],
  train: { epochs: 1, batchSize: 16, captionsPerVideo: 1, maxTokens: 6, minWordCount: 1 },
  evaluate: { maxLength: 6, baseline: false },
};
const transfer = (name: string, t: object) => ({
  name,
  seed: 3,
  backend: 'cpu',
  dataset: synthetic('shifted', { train: 12, val: 0, test: 6 }),
  encoder: ENCODER,
  decoder: { type: 'mlp-classifier', options: { hidden: 8, dropout: 0 } },
  transfer: t,
});

let registry: PluginRegistry;
let dir: string;
const quiet = { backend: 'cpu' as const, output: { quiet: true } };
async function run(config: object, file: string) {
  writeFileSync(join(dir, file), JSON.stringify(config));
  return runExperiment(await loadConfig(join(dir, file), registry), registry, quiet);
}
async function tensorsOf(modelDir: string, prefix: string): Promise<Record<string, Float32Array>> {
  const t = await loadNamedTensors(modelDir);
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(t)) if (k.startsWith(prefix)) out[k] = v.dataSync() as Float32Array;
  tf.dispose(Object.values(t));
  return out;
}
const sameBits = (a: Float32Array, b: Float32Array) =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('transfer stage', () => {
  beforeAll(async () => {
    await useBackend('cpu');
    registry = await createDefaultRegistry();
    dir = mkdtempSync(join(tmpdir(), 'topiclens-transfer-'));
    const r = await run(captioning, 'cap.json');
    expect(r.stages.find((s) => s.name === 'train')?.status).toBe('ran');
    expect(r.stages.find((s) => s.name === 'transfer')?.status).toBe('disabled');
  }, 120_000);

  it("LSTM-B/I: the frozen encoder keeps the source run's weights bit for bit while the classifier learns", async () => {
    const r = await run(transfer('tr', { from: 'runs/cap', freezeEncoder: true, epochs: 4, batchSize: 4 }), 'tr.json');
    expect(r.stages.find((s) => s.name === 'train')?.status).toBe('disabled');
    expect(r.stages.find((s) => s.name === 'transfer')?.status).toBe('ran');
    const source = await tensorsOf(join(dir, 'runs/cap/train/model'), 'encoder/');
    const after = await tensorsOf(join(r.runDir, 'transfer/model'), 'encoder/');
    expect(Object.keys(after).sort()).toEqual(Object.keys(source).sort());
    expect(Object.keys(after).length).toBeGreaterThan(0);
    for (const k of Object.keys(source)) expect(sameBits(after[k]!, source[k]!), k).toBe(true);
    const acc = JSON.parse(readFileSync(join(r.runDir, 'transfer/accuracy.json'), 'utf8'));
    expect(acc.total).toBe(6);
    expect(acc.correct).toBe(Math.round(acc.accuracy * 6));
    expect(acc.classes).toHaveLength(11);
    expect(acc.source).toBe(join(dir, 'runs/cap'));
    const history = JSON.parse(readFileSync(join(r.runDir, 'transfer/history.json'), 'utf8')) as { loss: number }[];
    expect(history).toHaveLength(4);
    expect(history[3]!.loss).toBeLessThan(history[0]!.loss);
    // The classifier did move away from its seeded init.
    const init = new MlpClassifier({ ...mlpDefaults, hidden: 8, dropout: 0 }, seedFor(3, 'decoder/mlp-classifier'));
    init.build(8, { numClasses: 11 });
    const trained = await tensorsOf(join(r.runDir, 'transfer/model'), 'decoder/');
    expect(sameBits(trained['decoder/w2']!, init.variables().w2!.dataSync() as Float32Array)).toBe(false);
  }, 120_000);

  it("LSTM-R: starts from the seed's random init (same seed → same weights, not the captioning encoder), and trains the encoder", async () => {
    const r0 = await run(transfer('r0', { freezeEncoder: false, epochs: 0 }), 'r0.json');
    const initial = await tensorsOf(join(r0.runDir, 'transfer/model'), 'encoder/');
    const fresh = new BiLstmEncoder({ ...bilstmDefaults, units: 4 }, seedFor(3, 'encoder/bilstm'));
    fresh.build(16);
    for (const [k, v] of Object.entries(fresh.variables()))
      expect(sameBits(initial[`encoder/${k}`]!, v.dataSync() as Float32Array), k).toBe(true);
    const source = await tensorsOf(join(dir, 'runs/cap/train/model'), 'encoder/');
    expect(sameBits(initial['encoder/inputKernel']!, source['encoder/inputKernel']!)).toBe(false);
    const r2 = await run(transfer('r2', { freezeEncoder: false, epochs: 2, batchSize: 4 }), 'r2.json');
    const trained = await tensorsOf(join(r2.runDir, 'transfer/model'), 'encoder/');
    expect(sameBits(trained['encoder/inputKernel']!, initial['encoder/inputKernel']!)).toBe(false);
  }, 120_000);

  it('"from" naming a preset: its run folder; without a finished train stage, an error naming the run to execute', async () => {
    const presets = join(dir, 'presets');
    mkdirSync(presets, { recursive: true });
    writeFileSync(join(presets, 'mycap.json'), JSON.stringify({ name: 'mycap-run', runsDir: 'out' }));
    await expect(resolveSourceRun('mycap', dir, presets)).rejects.toThrow(/no finished train stage.*topiclens run .*mycap\.json/);
    mkdirSync(join(dir, 'out/mycap-run/train'), { recursive: true });
    writeFileSync(join(dir, 'out/mycap-run/train/manifest.json'), '{}');
    expect(await resolveSourceRun('mycap', dir, presets)).toMatchObject({ kind: 'preset', runDir: join(dir, 'out/mycap-run') });
    expect(await resolveSourceRun('runs/cap', dir, presets)).toMatchObject({ kind: 'run', runDir: join(dir, 'runs/cap') });
    await expect(resolveSourceRun('nothing-here', dir, presets)).rejects.toThrow(/neither a preset .* nor a run folder/);
  });

  it("an encoder that differs from the source run's is refused with both settings named", async () => {
    const cfg = { ...transfer('bad', { from: 'runs/cap', epochs: 1 }), encoder: { type: 'bilstm', options: { units: 5 } } };
    await expect(run(cfg, 'bad.json')).rejects.toThrow(/same encoder/);
  }, 60_000);

  it('a killed training resumes bit for bit from its epoch checkpoint (encoder trained, dropout on)', async () => {
    const set = tinyLabelSet(10, 11);
    const model = () => tinyTransferModel(0.3);
    const options = (epochs: number, checkpointDir: string) => tinyTransferOptions({ epochs, checkpointDir });
    const straight = model();
    await trainClassifier({ model: straight, train: set, options: options(3, join(dir, 'ck-a')) });
    await trainClassifier({ model: model(), train: set, options: options(2, join(dir, 'ck-b')) }); // "killed" after epoch 2
    const resumed = model();
    const r = await trainClassifier({ model: resumed, train: set, options: options(3, join(dir, 'ck-b')) });
    expect(r.resumedFrom).toBe(2);
    expect(r.epochs).toHaveLength(3);
    for (const [part, a, b] of [
      ['encoder', straight.encoder, resumed.encoder],
      ['classifier', straight.classifier, resumed.classifier],
    ] as const) {
      for (const [k, v] of Object.entries(a.variables()))
        expect(sameBits(v.dataSync() as Float32Array, b.variables()[k]!.dataSync() as Float32Array), `${part}/${k}`).toBe(true);
    }
  });
});
