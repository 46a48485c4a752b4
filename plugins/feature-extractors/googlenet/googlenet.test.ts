import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootContainer as container } from '../../../core/container/root-container.js';
import type { VideoRecord } from '../../../core/contracts/dataset.js';
import { consoleLogger } from '../../../core/logger.js';
import { featuresStage } from '../../stages/features/stage.js';
import { readFeatures } from '../../stages/features/read-features.js';
import { stageContext } from '../../../test/support/features/test-context.js';
import { decodeModel, encodeModel } from '../shared/onnx/model.js';
import { toyGooglenet } from '../shared/onnx/testing/build.js';
import { sampleIndices } from '../video/sample.js';
import { indexColour, writeIndexVideo } from '../../../test/support/feature-extractors/test-videos.js';
import { OnnxGooglenetExtractor } from './extractor.js';
import { googlenetDefaults } from './options.js';
import { googlenetPlugin } from './plugin.js';
import { caffePreprocess } from './preprocess.js';
import { prepareGooglenet } from './load-onnx.js';

let dir: string;
const toy = toyGooglenet(7);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tl-googlenet-'));
  await writeFile(join(dir, 'googlenet.onnx'), encodeModel(toy.model));
  await writeIndexVideo(join(dir, 'clip.avi'), 75, 64, 48);
  await writeFile(join(dir, 'broken.avi'), 'RIFF....AVI garbage');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const pluginCtx = () => ({
  container,
  resolve: <T>(t: never) => container.resolve<T>(t),
  tf,
  logger: consoleLogger(true),
  seed: 1,
  configDir: dir,
});

/** One preprocessed frame of a solid RGB colour: NCHW [3,224,224], BGR minus mean. */
const solid = ([r, g, b]: number[]) => {
  const x = new Float32Array(3 * 224 * 224);
  x.fill(b! - 104, 0, 224 * 224);
  x.fill(g! - 117, 224 * 224, 2 * 224 * 224);
  x.fill(r! - 123, 2 * 224 * 224);
  return x;
};

describe('caffePreprocess', () => {
  it('centre-crops, swaps RGB to BGR and subtracts the BGR mean', () => {
    // 2 frames of 6×4 with crop 2: offsets x 2, y 1
    const w = 6,
      h = 4;
    const data = new Uint8Array(2 * w * h * 3);
    for (let i = 0; i < data.length; i++) data[i] = i % 251;
    const out = caffePreprocess({ frames: 2, width: w, height: h, data }, 2, [1, 2, 3]);
    expect(out.length).toBe(2 * 3 * 4);
    const px = (f: number, y: number, x: number) => ((f * h + y + 1) * w + x + 2) * 3;
    // frame 1, channel B (=source channel 2), y 1, x 0
    expect(out[1 * 12 + 0 * 4 + 1 * 2 + 0]).toBe(data[px(1, 1, 0) + 2]! - 1);
    // frame 0, channel G, y 0, x 1
    expect(out[0 * 12 + 1 * 4 + 0 * 2 + 1]).toBe(data[px(0, 0, 1) + 1]! - 2);
    // frame 0, channel R, y 1, x 1
    expect(out[2 * 4 + 1 * 2 + 1]).toBe(data[px(0, 1, 1)]! - 3);
  });
});

describe('prepareGooglenet', () => {
  it('finds pool5/7x7_s1_1, cuts the classifier off and makes the batch symbolic', () => {
    const p = prepareGooglenet(decodeModel(encodeModel(toy.model)), 'toy.onnx');
    expect([p.inputName, p.outputName, p.found, p.inputSize]).toEqual(['data_0', 'pool5/7x7_s1_1', 'name', 224]);
    expect(p.model.graph.nodes.map((n) => n.opType)).toEqual(['AveragePool', 'Conv', 'Relu', 'AveragePool']);
    expect(p.model.graph.initializers.map((t) => t.name)).toEqual(['conv_w', 'conv_b']);
    expect(p.model.graph.inputs).toEqual([{ name: 'data_0', elemType: 1, shape: ['N', 3, 224, 224] }]);
  });
  it('falls back to the last average pool, and names the file when nothing fits', () => {
    const m = decodeModel(encodeModel(toy.model));
    for (const n of m.graph.nodes) n.outputs = n.outputs.map((o) => o.replace('pool5/7x7_s1_1', 'gap'));
    for (const n of m.graph.nodes) n.inputs = n.inputs.map((o) => o.replace('pool5/7x7_s1_1', 'gap'));
    for (const n of m.graph.nodes) {
      n.name = n.name.replace('pool5/7x7_s1_1', 'gap');
      delete n.raw;
    }
    expect(prepareGooglenet(m, 'x.onnx')).toMatchObject({ outputName: 'gap', found: 'last-average-pool' });
    m.graph.nodes = m.graph.nodes.filter((n) => n.opType !== 'AveragePool');
    expect(() => prepareGooglenet(m, 'x.onnx')).toThrow(/x.onnx: found no pool5\/7x7_s1 tensor.*"outputName"/);
    expect(() => prepareGooglenet(m, 'x.onnx', { outputName: 'nope' })).toThrow('x.onnx: no node produces tensor "nope"');
  });
});

describe('googlenet extractor (ONNX Runtime)', () => {
  it('extracts pool5 of 28 sampled frames of a real video, equal to the reference computation', async () => {
    const ex = (await googlenetPlugin.create(
      { ...googlenetDefaults, model: 'googlenet.onnx', batchSize: 10 },
      pluginCtx(),
    )) as OnnxGooglenetExtractor;
    await ex.init();
    expect(ex.dim).toBe(1024);
    const video: VideoRecord = { id: 'clip', split: 'train', captions: [], source: { kind: 'file', path: join(dir, 'clip.avi') } };
    const m = await ex.extract(video);
    expect([m.frames, m.dim, m.data.length]).toEqual([28, 1024, 28 * 1024]);
    const idx = sampleIndices(75, 28);
    for (const k of [0, 13, 27]) {
      const expected = toy.reference(solid(indexColour(idx[k]!)));
      const got = m.data.subarray(k * 1024, (k + 1) * 1024);
      let maxErr = 0;
      for (let d = 0; d < 1024; d++) maxErr = Math.max(maxErr, Math.abs(got[d]! - expected[d]!));
      expect(maxErr).toBeLessThan(1e-4);
    }
    // distinct frames give distinct features
    let diff = 0;
    for (let d = 0; d < 1024; d++) diff += Math.abs(m.data[d]! - m.data[27 * 1024 + d]!);
    expect(diff).toBeGreaterThan(1);
    await ex.dispose();
  });

  it('runs frames sources (crop offset and channel order checked on a non-uniform image)', async () => {
    const ex = new OnnxGooglenetExtractor(join(dir, 'googlenet.onnx'), { ...googlenetDefaults, model: '', frames: 2 });
    const w = 256;
    const data = new Uint8Array(2 * w * w * 3);
    for (let f = 0; f < 2; f++)
      for (let y = 0; y < w; y++)
        for (let x = 0; x < w; x++) data.set([(x + 3 * f) % 256, y, (x * y + f) % 256], ((f * w + y) * w + x) * 3);
    const video: VideoRecord = {
      id: 'gen',
      split: 'val',
      captions: [],
      source: { kind: 'frames', load: async () => ({ frames: 2, width: w, height: w, data }) },
    };
    const m = await ex.extract(video);
    for (let f = 0; f < 2; f++) {
      const x = new Float32Array(3 * 224 * 224);
      for (let y = 0; y < 224; y++)
        for (let xx = 0; xx < 224; xx++) {
          const s = ((f * w + y + 16) * w + xx + 16) * 3;
          x[y * 224 + xx] = data[s + 2]! - 104;
          x[224 * 224 + y * 224 + xx] = data[s + 1]! - 117;
          x[2 * 224 * 224 + y * 224 + xx] = data[s]! - 123;
        }
      const expected = toy.reference(x);
      for (let d = 0; d < 1024; d += 97) expect(m.data[f * 1024 + d]).toBeCloseTo(expected[d]!, 3);
    }
    await ex.dispose();
  });

  it('rejects a resize smaller than the crop', () => {
    expect(() => googlenetPlugin.create({ ...googlenetDefaults, model: 'g.onnx', resize: 200 }, pluginCtx())).toThrow(
      'googlenet options: "resize" (200) must be at least "crop" (224)',
    );
  });

  it('reports a missing model file with where to get it, and a broken video by file name', async () => {
    const missing = new OnnxGooglenetExtractor(join(dir, 'nope.onnx'), { ...googlenetDefaults, model: '' });
    await expect(missing.init()).rejects.toThrow(/nope\.onnx \(ENOENT\).*ONNX model zoo.*README/);
    await writeFile(join(dir, 'junk.onnx'), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]));
    await expect(new OnnxGooglenetExtractor(join(dir, 'junk.onnx'), { ...googlenetDefaults, model: '' }).init()).rejects.toThrow(
      /junk\.onnx is not an ONNX model/,
    );
    const ex = new OnnxGooglenetExtractor(join(dir, 'googlenet.onnx'), { ...googlenetDefaults, model: '' });
    const broken: VideoRecord = { id: 'b1', split: 'train', captions: [], source: { kind: 'file', path: join(dir, 'broken.avi') } };
    await expect(ex.extract(broken)).rejects.toThrow(`Video "b1": Cannot read video ${join(dir, 'broken.avi')}`);
    await ex.dispose();
  });

  it('runs end to end in the features stage: real video → features.f32, broken video skipped', async () => {
    const runDir = await mkdtemp(join(tmpdir(), 'tl-googlenet-stage-'));
    try {
      const videos: VideoRecord[] = [
        { id: 'clip', split: 'train', captions: ['a'], label: 'colours', source: { kind: 'file', path: join(dir, 'clip.avi') } },
        { id: 'broken', split: 'train', captions: ['b'], source: { kind: 'file', path: join(dir, 'broken.avi') } },
      ];
      const extractor = new OnnxGooglenetExtractor(join(dir, 'googlenet.onnx'), { ...googlenetDefaults, model: '', frames: 4 });
      await featuresStage.run(
        stageContext({
          dir: runDir,
          dataset: { load: async () => ({ videos, info: { name: 'v', skipped: [], allowMissing: { videos: 1, captions: 0 } } }) },
          extractor,
        }),
      );
      const store = await readFeatures(runDir);
      expect([store.dim, store.ids, store.framesOf('clip'), store.labelOf('clip')]).toEqual([1024, ['clip'], 4, 'colours']);
      expect(store.skipped[0]!.reason).toContain(join(dir, 'broken.avi'));
      const expected = toy.reference(solid(indexColour(sampleIndices(75, 4)[2]!)));
      expect(store.get('clip')[2 * 1024 + 5]).toBeCloseTo(expected[5]!, 4);
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
  });
});
