import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeModel } from '../shared/onnx/model.js';
import { toyGooglenet } from '../shared/onnx/testing/build.js';
import { OnnxGooglenetExtractor } from './extractor.js';
import { googlenetDefaults } from './options.js';

// CUDA runs only where onnxruntime-node's CUDA provider library was installed (its install
// script fetches it) and the machine has CUDA; on this CPU machine "auto" must give CPU.
const ortDir = (() => {
  try {
    return dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
  } catch {
    return null;
  }
})();
const cudaInstalled = !!ortDir && existsSync(join(ortDir, 'bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so'));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tl-googlenet-ep-'));
  await writeFile(join(dir, 'googlenet.onnx'), encodeModel(toyGooglenet(3).model));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe.skipIf(!ortDir || cudaInstalled)('googlenet execution providers (a machine without CUDA)', () => {
  it('"auto" falls back to CPU and the features equal an explicit ["cpu"] session', async () => {
    const auto = new OnnxGooglenetExtractor(join(dir, 'googlenet.onnx'), { ...googlenetDefaults, model: '' });
    const cpu = new OnnxGooglenetExtractor(join(dir, 'googlenet.onnx'), { ...googlenetDefaults, model: '', executionProviders: ['cpu'] });
    await Promise.all([auto.init(), cpu.init()]);
    expect(auto.providers).toEqual(['cpu']);
    expect(cpu.providers).toEqual(['cpu']);
    const x = new Float32Array(3 * 224 * 224).map((_, i) => (i % 97) - 48);
    expect(Array.from(await auto.run(x, 1))).toEqual(Array.from(await cpu.run(x, 1)));
    await Promise.all([auto.dispose(), cpu.dispose()]);
  });

  it('an explicit ["cuda"] without CUDA is an error naming the providers and the way back', async () => {
    const ex = new OnnxGooglenetExtractor(join(dir, 'googlenet.onnx'), { ...googlenetDefaults, model: '', executionProviders: ['cuda'] });
    await expect(ex.init()).rejects.toThrow(/with the execution providers \["cuda"\] \(use "auto" to fall back to CPU\)/);
  });
});
