import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoRecord } from '../../../core/contracts/dataset.js';
import { consoleLogger } from '../../../core/logger.js';
import { encodeNpy } from '../../datasets/shared/npy.js';
import { PrecomputedExtractor } from './extractor.js';
import { precomputedPlugin } from './plugin.js';

let dir: string;
const video = (id: string): VideoRecord => ({ id, split: 'train', captions: [], source: { kind: 'file', path: `/videos/${id}.avi` } });
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tl-npy-'));
  await writeFile(
    join(dir, 'a.npy'),
    encodeNpy(
      Float32Array.from({ length: 12 }, (_, i) => i * 0.5),
      [3, 4],
    ),
  );
  await writeFile(join(dir, 'b.npy'), encodeNpy(new Float32Array(10), [2, 5]));
  await writeFile(join(dir, 'c.npy'), encodeNpy(new Float32Array(8), [2, 2, 2]));
  await writeFile(join(dir, 'd.npy'), 'not numpy');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('precomputed extractor', () => {
  it('reads [frames, dim] per video, learning dim from the first file', async () => {
    const ex = (await precomputedPlugin.create({ dir, pattern: '{id}.npy' }, {
      configDir: '/',
      tf,
      logger: consoleLogger(true),
    } as never)) as PrecomputedExtractor;
    await ex.init();
    expect(ex.dim).toBe(4);
    const m = await ex.extract(video('a'));
    expect([m.frames, m.dim, m.data[7]]).toEqual([3, 4, 3.5]);
  });

  it('rejects wrong shapes, missing and malformed files, naming video and file', async () => {
    const ex = new PrecomputedExtractor({ dir, pattern: '{id}.npy', dim: 4 });
    await expect(ex.extract(video('b'))).rejects.toThrow(
      `Video "b": ${join(dir, 'b.npy')} has 5 features per frame (shape [2, 5]), expected 4.`,
    );
    await expect(ex.extract(video('c'))).rejects.toThrow(
      /Video "c": .*c\.npy.*expected a 2-D array \[frames, dim\], found shape \[2, 2, 2\]/,
    );
    await expect(ex.extract(video('d'))).rejects.toThrow(/Video "d": .*d\.npy.*\\x93NUMPY/);
    await expect(ex.extract(video('zz'))).rejects.toThrow(/Video "zz": .*zz\.npy: cannot read feature file/);
    const framed = new PrecomputedExtractor({ dir, pattern: '{id}.npy', frames: 28 });
    await expect(framed.extract(video('a'))).rejects.toThrow(/has 3 frames \(shape \[3, 4\]\), expected 28/);
    await expect(new PrecomputedExtractor({ dir: join(dir, 'none'), pattern: '{id}.npy' }).init()).rejects.toThrow(
      /Cannot read the features folder .*none \(ENOENT\)/,
    );
    await expect(new PrecomputedExtractor({ dir, pattern: '{id}.feat' }).init()).rejects.toThrow(/no file named like "\{id\}.feat"/);
  });
});
