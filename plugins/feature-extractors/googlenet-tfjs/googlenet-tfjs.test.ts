import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoRecord } from '../../../core/contracts/dataset.js';
import { OnnxGooglenetExtractor } from '../googlenet/extractor.js';
import { prepareGooglenet } from '../googlenet/load-onnx.js';
import { googlenetDefaults } from '../googlenet/options.js';
import { f32, inceptionV1, model, node, seededRandom, toyGooglenet } from '../shared/onnx/testing/build.js';
import { decodeModel, encodeModel, type OnnxModel } from '../shared/onnx/model.js';
import { writeIndexVideo } from '../../../test/support/feature-extractors/test-videos.js';
import { convertCommand } from './command.js';
import { convertModel } from './convert.js';
import { TfjsGooglenetExtractor } from './extractor.js';
import { pooledSize, TfjsGraph } from './run-graph.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tl-gtfjs-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Run `m` (cut at `output`) on ONNX Runtime and on googlenet-tfjs with the same input. */
async function bothWays(m: OnnxModel, output: string | undefined, n: number, size: number, seed: number) {
  const rnd = seededRandom(seed);
  const x = Float32Array.from({ length: n * 3 * size * size }, () => rnd.next() * 255 - 120);
  const prepared = prepareGooglenet(decodeModel(encodeModel(m)), 'test.onnx', output ? { outputName: output } : {});
  const session = await ort.InferenceSession.create(encodeModel(prepared.model));
  const expected = (await session.run({ [prepared.inputName]: new ort.Tensor('float32', x, [n, 3, size, size]) }))[prepared.outputName]!
    .data as Float32Array;
  await session.release();
  const { json, weights } = convertModel(prepared.model, 'test.onnx', prepared);
  const before = tf.memory().numTensors;
  const graph = TfjsGraph.fromArrays(tf, json, weights);
  const got = graph.predict(x, n, size, size);
  const after = tf.memory().numTensors;
  const again = graph.predict(x, n, size, size); // cached tensors (LRN bands) survive the first call
  expect(Array.from(again)).toEqual(Array.from(got));
  expect(tf.memory().numTensors).toBe(after); // nothing leaks per call
  graph.dispose();
  expect(tf.memory().numTensors).toBe(before);
  let maxErr = 0;
  let maxAbs = 0;
  for (let i = 0; i < expected.length; i++) {
    maxErr = Math.max(maxErr, Math.abs(got[i]! - expected[i]!));
    maxAbs = Math.max(maxAbs, Math.abs(expected[i]!));
  }
  return { expected, got, maxErr, maxAbs };
}

describe('googlenet-tfjs graph', () => {
  it('pooledSize follows the ONNX rule', () => {
    expect(pooledSize(112, 3, 2, 0, 0, true)).toBe(56);
    expect(pooledSize(112, 3, 2, 0, 0, false)).toBe(55);
    expect(pooledSize(14, 3, 1, 1, 1, false)).toBe(14);
    expect(pooledSize(5, 2, 2, 1, 1, true)).toBe(3); // 4th window would start in the end padding
  });

  it('agrees with ONNX Runtime to 1e-4 on a seeded random Inception v1 (ceil-mode pools, LRN, concat)', async () => {
    const { model: m, dim } = inceptionV1(11, { width: 0.25, spatial: 64, classes: 10 });
    const r = await bothWays(m, undefined, 2, 64, 5);
    expect(r.expected.length).toBe(2 * dim);
    expect(dim).toBe(256);
    expect(r.maxAbs).toBeGreaterThan(0.1); // features are not trivially zero
    expect(r.maxErr).toBeLessThan(1e-4 * Math.max(1, r.maxAbs));
  });

  it('agrees on padded average pools (with and without count_include_pad), zoo-style asymmetric max-pool pads, global pooling', async () => {
    const rnd = seededRandom(3);
    const w = Array.from({ length: 4 * 3 * 3 * 3 }, () => rnd.normal() * 0.1);
    const m = model(
      [
        node('Conv', ['data_0', 'w'], ['c'], { kernel_shape: [3, 3], strides: [2, 2], pads: [0, 1, 1, 0] }),
        node('MaxPool', ['c'], ['m'], { kernel_shape: [3, 3], strides: [2, 2], pads: [0, 0, 1, 1] }),
        node('AveragePool', ['m'], ['a1'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1 }),
        node('AveragePool', ['m'], ['a2'], { kernel_shape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], count_include_pad: 1 }),
        node('GlobalAveragePool', ['a2'], ['g']),
        node('LRN', ['a1'], ['l'], { size: 3, alpha: { float: 0.01 }, beta: { float: 0.5 }, bias: { float: 2 } }),
      ],
      [f32('w', [4, 3, 3, 3], w)],
      'data_0',
      'l',
    );
    m.graph.inputs[0]!.shape = [1, 3, 23, 23];
    // an Identity (Dropout) alias whose source is read again later must stay alive
    m.graph.nodes.splice(1, 0, node('Dropout', ['c'], ['c_drop']));
    m.graph.nodes.push(node('Concat', ['c_drop', 'c'], ['cc'], { axis: 1 }));
    for (const out of ['m', 'a1', 'a2', 'g', 'l', 'cc']) {
      const r = await bothWays(m, out, 2, 23, 9);
      expect(r.maxErr, out).toBeLessThan(1e-4 * Math.max(1, r.maxAbs));
    }
  });

  it('convert command + extractor give the ONNX Runtime features of a real video', async () => {
    const toy = toyGooglenet(21);
    await writeFile(join(dir, 'toy.onnx'), encodeModel(toy.model));
    await writeIndexVideo(join(dir, 'clip.avi'), 30, 40, 30);
    const out: string[] = [];
    const code = await convertCommand.run(['--onnx', 'toy.onnx', '--out', 'toy-tfjs'], {
      cwd: dir,
      stdout: (t) => out.push(t),
      stderr: () => {},
      registry: undefined as never,
    });
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/4 ops up to "pool5\/7x7_s1_1", 4096 weights/);
    const modelJson = JSON.parse(await readFile(join(dir, 'toy-tfjs', 'model.json'), 'utf8'));
    expect(modelJson.ops.map((o: { op: string }) => o.op)).toEqual(['AveragePool', 'Conv', 'Relu', 'AveragePool']);
    expect(modelJson.weights[0]).toEqual({ name: 'conv_w', shape: [1, 1, 3, 1024], offset: 0 });

    const video: VideoRecord = { id: 'clip', split: 'train', captions: [], source: { kind: 'file', path: join(dir, 'clip.avi') } };
    const opts = { ...googlenetDefaults, model: '', frames: 3 };
    const onnx = new OnnxGooglenetExtractor(join(dir, 'toy.onnx'), opts);
    const tfjs = new TfjsGooglenetExtractor(tf, join(dir, 'toy-tfjs'), opts);
    const a = await onnx.extract(video);
    const b = await tfjs.extract(video);
    expect([b.frames, b.dim, tfjs.dim]).toEqual([3, 1024, 1024]);
    let maxErr = 0;
    for (let i = 0; i < a.data.length; i++) maxErr = Math.max(maxErr, Math.abs(a.data[i]! - b.data[i]!));
    expect(maxErr).toBeLessThan(1e-4);
    await onnx.dispose();
    tfjs.dispose();
  });

  it('says how to make the folder when it is missing, and rejects bad arguments', async () => {
    await expect(new TfjsGooglenetExtractor(tf, join(dir, 'none'), { ...googlenetDefaults, model: '' }).init()).rejects.toThrow(
      /Cannot read .*none\/model.json \(ENOENT\)\. Make it with: topiclens convert --onnx/,
    );
    const ctx = { cwd: dir, stdout: () => {}, stderr: () => {}, registry: undefined as never };
    await expect(convertCommand.run(['--onnx', 'x.onnx'], ctx)).rejects.toThrow(/both --onnx and --out are required/);
    await expect(convertCommand.run(['--bogus'], ctx)).rejects.toThrow(/convert: Unknown option '--bogus'/);
    await expect(convertCommand.run(['--onnx', 'missing.onnx', '--out', 'o'], ctx)).rejects.toThrow(/missing\.onnx \(ENOENT\)/);
  });
});
