import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PLUGINS, createDefaultRegistry, loadConfig, runCli, runExperiment } from '../../index.js';
import { decodeSafetensors } from '../../core/tensor/safetensors.js';
import { loadNamedTensors } from '../../core/tensor/weights.js';
import { writeTinyConfig } from '../../test/pipeline/tiny-config.js';
import { detectLayout } from './import-command.js';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { modules: [BUILTIN_PLUGINS], stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The float32 values of a run's train/model weights, by name. */
async function weightsOf(run: string): Promise<Record<string, number[]>> {
  const t = await loadNamedTensors(join(run, 'train', 'model'));
  const out = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Array.from(v.dataSync())]));
  for (const v of Object.values(t)) v.dispose();
  return out;
}

describe('topiclens export / import on a tiny trained run', () => {
  let dir = '';
  let config = '';
  let run = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'topiclens-weights-'));
    config = writeTinyConfig(dir, {
      train: {
        epochs: 1,
        batchSize: 32,
        captionsPerVideo: 2,
        maxTokens: 10,
        patience: 0,
        validation: { metric: 'Bleu_4', beam: 1, maxVideos: 4 },
      },
    });
    const registry = await createDefaultRegistry();
    run = (await runExperiment(await loadConfig(config, registry), registry, { until: 'evaluate', output: { quiet: true } })).runDir;
  }, 180_000);

  it('export → import gives a run with the same weights, the same captions, and a train stage `topiclens run` keeps', async () => {
    expect(existsSync(join(run, 'train', 'model', 'topiclens-model.json'))).toBe(true);
    const ex = await cli(['export', run, '--format', 'safetensors']);
    expect(ex.code, ex.err).toBe(0);
    const file = join(run, 'export', 'model.safetensors');
    const content = decodeSafetensors(readFileSync(file), file);
    const original = await weightsOf(run);
    expect(Object.keys(content.tensors).sort()).toEqual(Object.keys(original).sort());
    for (const [k, v] of Object.entries(original)) expect(Array.from(content.tensors[k]!.data), k).toEqual(v);
    expect(content.metadata.format).toBe('topiclens-model/1');
    expect(JSON.parse(content.metadata['topiclens.vocabulary']!).words).toEqual(readJson(join(run, 'train', 'vocabulary.json')).words);

    const im = await cli(['import', file, '--config', config, '--name', 'imported', '--until', 'evaluate']);
    expect(im.code, im.err).toBe(0);
    expect(im.out).toMatch(/train\s+imported/);
    const copy = join(dir, 'runs', 'imported');
    expect(await weightsOf(copy)).toEqual(original);
    expect(readJson(join(copy, 'evaluate', 'captions.json'))).toEqual(readJson(join(run, 'evaluate', 'captions.json')));
    expect(readJson(join(copy, 'train', 'vocabulary.json'))).toEqual(readJson(join(run, 'train', 'vocabulary.json')));

    // `topiclens run` of the same config and name keeps the imported model (no training).
    const registry = await createDefaultRegistry();
    const loaded = await loadConfig(config, registry);
    loaded.config.name = 'imported';
    const again = await runExperiment(loaded, registry, { until: 'evaluate', output: { quiet: true } });
    expect(again.stages.filter((s) => s.status !== 'disabled').map((s) => `${s.name}:${s.status}`)).toEqual([
      'topics:cached',
      'features:cached',
      'train:cached',
      'evaluate:cached',
    ]);
  }, 180_000);

  it('the PyTorch layout round trip keeps every weight, and ONNX export writes a model ONNX Runtime runs', async () => {
    const pt = join(dir, 'pt.safetensors');
    expect((await cli(['export', run, '--layout', 'pytorch', '--out', pt])).code).toBe(0);
    const names = Object.keys(decodeSafetensors(readFileSync(pt), pt).tensors);
    expect(names).toContain('encoder.lstm.weight_ih_l0_reverse');
    expect(names).toContain('decoder.lstm.bias_hh');
    const im = await cli(['import', pt, '--config', config, '--name', 'from-pytorch', '--until', 'train']); // layout from __metadata__
    expect(im.code, im.err).toBe(0);
    expect(await weightsOf(join(dir, 'runs', 'from-pytorch'))).toEqual(await weightsOf(run));

    const onnx = join(dir, 'm.onnx');
    const ex = await cli(['export', run, '--format', 'onnx', '--out', onnx]);
    expect(ex.code, ex.err).toBe(0);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(readFileSync(onnx));
    const r = await session.run({ features: new ort.Tensor('float32', new Float32Array(6 * 32).fill(0.1), [6, 32]) });
    expect(r.encodings!.dims).toEqual([6, 16]);
    expect(r.topics!.dims).toEqual([1, 8]);
  }, 180_000);

  it('says what is wrong: a damaged file, another architecture, a missing train stage, a bad flag', async () => {
    const file = join(run, 'export', 'model.safetensors');
    const bytes = readFileSync(file);
    const cut = join(dir, 'cut.safetensors');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 4));
    const a = await cli(['import', cut, '--config', config, '--name', 'x']);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/cut\.safetensors: tensor "interpretiveLoss\/f\/w2" data_offsets \[\d+, \d+\] run past the data \(\d+ bytes\)/);
    expect(existsSync(join(dir, 'runs', 'x'))).toBe(false);

    const wide = writeTinyConfig(mkdtempSync(join(tmpdir(), 'topiclens-weights-')), {
      encoder: { type: 'bilstm', options: { units: 12 } },
      runsDir: join(dir, 'runs'),
    });
    const b = await cli(['import', file, '--config', wide, '--name', 'wide', '--until', 'train']);
    expect(b.code).not.toBe(0);
    expect(b.err).toMatch(/weight "encoder\/inputKernel" has shape \[64,64\] but the model expects \[64,96\]/);

    const c = await cli(['export', join(dir, 'runs', 'nothing')]);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/has no finished train stage/);
    const d = await cli(['export', run, '--format', 'tflite']);
    expect(d.err).toMatch(/--format must be safetensors or onnx, found "tflite"/);
    expect((await cli(['import', file])).err).toMatch(/--config is required/);
  }, 180_000);

  it("exports a transfer run's encoder + classifier (transfer/model) by their stable names", async () => {
    const tr = join(dir, 'runs', 'transfer-run');
    const w1 = Float32Array.from({ length: 6 }, (_, i) => i / 7 - 0.3);
    const { saveModel } = await import('../training/model-io.js');
    const tf = await import('@tensorflow/tfjs-core');
    const w = tf.variable(tf.tensor2d(w1, [3, 2]));
    await saveModel(join(tr, 'transfer', 'model'), { decoder: { variables: () => ({ w1: w }) } }, { numClasses: 2, classes: ['a', 'b'] });
    w.dispose();
    writeFileSync(join(tr, 'config.json'), JSON.stringify({ encoder: { type: 'bilstm' }, decoder: { type: 'mlp-classifier' } }));
    const out = join(dir, 'transfer.safetensors');
    const r = await cli(['export', tr, '--out', out]);
    expect(r.code, r.err).toBe(0);
    const c = decodeSafetensors(readFileSync(out), out);
    expect(Array.from(c.tensors['decoder/w1']!.data)).toEqual(Array.from(w1));
    expect(JSON.parse(c.metadata['topiclens.transfer']!).classes).toEqual(['a', 'b']);
    expect((await cli(['export', tr, '--format', 'onnx'])).err).toMatch(/is a transfer run; ONNX export covers a captioning run/);
  });

  it("without --layout, import takes the file's __metadata__.layout, else PyTorch for dotted names", () => {
    expect(detectLayout({ layout: 'pytorch' }, ['a/b'])).toBe('pytorch');
    expect(detectLayout({ format: 'pt' }, ['encoder.lstm.weight_ih_l0', 'decoder.out.bias'])).toBe('pytorch');
    expect(detectLayout({}, ['encoder/inputKernel', 'decoder/att/U'])).toBe('topiclens');
    expect(detectLayout({}, ['encoder.lstm.weight_ih_l0', 'decoder/att/U'])).toBe('topiclens');
  });

  it('reads a run saved before the rename (train/model/model.json)', async () => {
    const modelDir = join(run, 'train', 'model');
    renameSync(join(modelDir, 'topiclens-model.json'), join(modelDir, 'model.json'));
    try {
      const out = join(dir, 'legacy.safetensors');
      const r = await cli(['export', run, '--out', out]);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(decodeSafetensors(readFileSync(out), out).metadata['topiclens.shapes']!)).toEqual({
        numFrames: 6,
        featureDim: 32,
        numTopics: 8,
        vocabularySize: readJson(join(run, 'train', 'vocabulary.json')).words.length,
      });
    } finally {
      renameSync(join(modelDir, 'model.json'), join(modelDir, 'topiclens-model.json'));
    }
  });
});
