import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeatures } from '../../stages/features/read-features.js';
import { toyGooglenet } from '../shared/onnx/testing/build.js';
import { encodeModel } from '../shared/onnx/model.js';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../../bin/topiclens.mjs');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tl-googlenet-e2e-'));
  await writeFile(join(dir, 'googlenet.onnx'), encodeModel(toyGooglenet(3).model));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('googlenet through `topiclens run` (config → registry → container → features stage)', () => {
  it('extracts 1024-d features of rendered synthetic frames, and a second run skips the stage', async () => {
    const config = {
      extends: resolve(import.meta.dirname, '../../../presets/quick.json'),
      name: 'e2e-googlenet',
      runsDir: 'runs',
      dataset: {
        type: 'synthetic-clips',
        options: { rendering: 'frames', frameSize: 64, frames: 6, counts: { train: 6, val: 2, test: 2 } },
      },
      featureExtractor: { type: 'googlenet', options: { model: 'googlenet.onnx', frames: 4 } },
    };
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    const first = await run(process.execPath, [bin, 'run', 'config.json', '--until', 'features'], { cwd: dir, timeout: 300_000 });
    expect(first.stderr + first.stdout).toMatch(/features\s+ran/);
    const store = await readFeatures(join(dir, 'runs', 'e2e-googlenet', 'features'));
    expect([store.dim, store.ids.length, store.framesOf(store.ids[0]!)]).toEqual([1024, 10, 4]);
    expect(store.skipped).toEqual([]);
    const f = store.get(store.ids[0]!);
    expect(f.every(Number.isFinite)).toBe(true);
    expect(f.some((v) => v > 0)).toBe(true);
    const second = await run(process.execPath, [bin, 'run', 'config.json', '--until', 'features'], { cwd: dir, timeout: 300_000 });
    expect(second.stderr + second.stdout).toMatch(/\[features\] up to date \(inputs unchanged\), skipped/);
  });
});
