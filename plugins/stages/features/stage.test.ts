import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VideoRecord } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';
import { featuresStage } from './stage.js';
import { readFeatures } from './read-features.js';
import { featureDataset, fakeFeatures, memoryLogger, stageContext } from '../../../test/support/features/test-context.js';

const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'tl-features-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const specs = [
  { id: 'vid1', frames: 3, split: 'train' as const, label: 'dog' },
  { id: 'vid/2 odd', frames: 5, split: 'val' as const },
  { id: 'vid3', frames: 2, split: 'test' as const, label: 'cat' },
  { id: 'vid4', frames: 4, split: 'train' as const },
];
const DIM = 6;

describe('features stage', () => {
  it('writes features.f32 + index.json from features sources and reads them back', async () => {
    const dir = await tempDir();
    const log = memoryLogger();
    await featuresStage.run(stageContext({ dir, dataset: featureDataset(specs, DIM), logger: log.logger }));
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
    expect(index.dim).toBe(DIM);
    expect(index.videos.map((v: { offset: number }) => v.offset)).toEqual([0, 3 * DIM, 8 * DIM, 10 * DIM]);
    expect(index.videos[0]).toEqual({ id: 'vid1', split: 'train', frames: 3, offset: 0, label: 'dog' });
    expect(index.skipped).toEqual([]);
    expect((await readFile(join(dir, 'features.f32'))).byteLength).toBe(14 * DIM * 4);
    expect(await readdir(dir)).toEqual(['features.f32', 'index.json']); // shards cleaned up

    const store = await readFeatures(dir);
    expect(store.ids).toEqual(specs.map((s) => s.id));
    expect(store.splitOf('vid/2 odd')).toBe('val');
    expect(store.labelOf('vid3')).toBe('cat');
    expect(store.labelOf('vid4')).toBeUndefined();
    expect(store.framesOf('vid/2 odd')).toBe(5);
    expect(Array.from(store.get('vid3'))).toEqual(Array.from(fakeFeatures(3, 2, DIM).data));
    // value = seed*100 + frame + d/1000: video 2, frame 4, feature 5
    expect(store.get('vid/2 odd')[4 * DIM + 5]).toBeCloseTo(204.005, 5);

    const b = store.batch(['vid3', 'vid1']);
    expect(b.frames).toEqual([2, 3]);
    expect(b.data.length).toBe(2 * 3 * DIM);
    expect(b.data[0]).toBeCloseTo(300, 5); // vid3 frame 0
    expect(Array.from(b.data.subarray(2 * DIM, 3 * DIM))).toEqual(new Array(DIM).fill(0)); // padding
    expect(b.data[3 * DIM + 2 * DIM + 1]).toBeCloseTo(102.001, 5); // vid1 frame 2 feature 1
    expect(() => store.get('vid5')).toThrow(/"vid5" is not in the feature store.*did you mean "vid1"/);

    const rec = log.records.find((r) => r.event === 'features')!;
    expect(rec.fields).toMatchObject({ videos: 4, skipped: 0, frames: 14, dim: DIM, source: 'dataset', extracted: 4 });
    expect(log.ticks.filter((t) => t?.endsWith('videos/s'))).toHaveLength(4);
  });

  it('resumes after a crash mid-stage and gives byte-identical output', async () => {
    const clean = await tempDir();
    await featuresStage.run(stageContext({ dir: clean, dataset: featureDataset(specs, DIM) }));

    const dir = await tempDir();
    const crashing = featureDataset(specs, DIM, (id) => {
      if (id === 'vid3') throw new Error('simulated kill');
    });
    await expect(featuresStage.run(stageContext({ dir, dataset: crashing }))).rejects.toThrow('simulated kill');
    expect((await readdir(join(dir, 'shards'))).filter((f) => f.endsWith('.f32'))).toHaveLength(2);
    expect(await readdir(dir)).not.toContain('index.json');

    const loaded: string[] = [];
    const log = memoryLogger();
    await featuresStage.run(
      stageContext({ dir, dataset: featureDataset(specs, DIM, (id) => loaded.push(id)), resuming: true, logger: log.logger }),
    );
    expect(loaded).toEqual(['vid3', 'vid4']); // the first two came from their shards
    expect(await readFile(join(dir, 'features.f32'))).toEqual(await readFile(join(clean, 'features.f32')));
    expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe(await readFile(join(clean, 'index.json'), 'utf8'));
    expect(log.records.find((r) => r.event === 'features')!.fields).toMatchObject({ reused: 2, extracted: 2 });

    // Resuming again after consolidation (crash before the runner marked it done) reloads nothing.
    loaded.length = 0;
    await featuresStage.run(stageContext({ dir, dataset: featureDataset(specs, DIM, (id) => loaded.push(id)), resuming: true }));
    expect(loaded).toEqual([]);
    expect(await readFile(join(dir, 'features.f32'))).toEqual(await readFile(join(clean, 'features.f32')));
  });

  it('ignores leftovers when not resuming', async () => {
    const dir = await tempDir();
    const crashing = featureDataset(specs, DIM, (id) => {
      if (id === 'vid3') throw new Error('simulated kill');
    });
    await expect(featuresStage.run(stageContext({ dir, dataset: crashing }))).rejects.toThrow();
    const loaded: string[] = [];
    await featuresStage.run(stageContext({ dir, dataset: featureDataset(specs, DIM, (id) => loaded.push(id)) }));
    expect(loaded).toEqual(specs.map((s) => s.id));
  });

  it('uses the configured extractor, skips broken videos with the reason when allowMissing accepts them, and fails when it does not', async () => {
    const dir = await tempDir();
    const videos: VideoRecord[] = ['a.avi', 'broken.avi', 'c.avi'].map((f) => ({
      id: f.replace('.avi', ''),
      split: 'train',
      captions: [],
      source: { kind: 'file', path: `/data/${f}` },
    }));
    const dataset = { load: async () => ({ videos, info: { name: 'files', skipped: [], allowMissing: { videos: 1, captions: 0 } } }) };
    let inits = 0;
    let disposed = 0;
    const extractor = {
      dim: 4,
      init: async () => void inits++,
      dispose: () => void disposed++,
      extract: async (v: VideoRecord) => {
        const path = (v.source as { path: string }).path;
        if (path.includes('broken')) throw new TopiclensError(`Cannot decode video ${path}: invalid data`);
        return fakeFeatures(v.id === 'a' ? 1 : 3, 2, 4);
      },
    };
    const log = memoryLogger();
    await featuresStage.run(stageContext({ dir, dataset, extractor, logger: log.logger }));
    expect([inits, disposed]).toEqual([1, 1]);
    const store = await readFeatures(dir);
    expect(store.ids).toEqual(['a', 'c']);
    expect(store.skipped).toEqual([{ id: 'broken', reason: 'Cannot decode video /data/broken.avi: invalid data' }]);
    expect(store.get('c')[0]).toBe(300);
    expect(() => store.get('broken')).toThrow(/skipped it \(Cannot decode video \/data\/broken.avi/);
    expect(log.warnings.some((w) => w.includes('/data/broken.avi'))).toBe(true);
    expect(log.records[0]!.fields).toMatchObject({ videos: 2, skipped: 1, source: 'test-extractor', lost: { videos: 1, captions: 0 } });

    // Nothing may be lost unless the config says so.
    const strict = { load: async () => ({ videos, info: { name: 'files', skipped: [] } }) };
    await expect(featuresStage.run(stageContext({ dir: await tempDir(), dataset: strict, extractor }))).rejects.toThrow(
      /missing data: 1 video lost \(0 allowed\); the usable videos are train 2, val 0, test 0\.\n {2}1 × features unreadable or malformed \[lost video\] \(e\.g\. Cannot decode video \/data\/broken\.avi: invalid data\)/,
    );

    const allBroken = {
      ...extractor,
      extract: async (v: VideoRecord) => {
        throw new TopiclensError(`Cannot decode video ${(v.source as { path: string }).path}`);
      },
    };
    await expect(featuresStage.run(stageContext({ dir: await tempDir(), dataset, extractor: allBroken }))).rejects.toThrow(
      /all 3 videos failed[\s\S]*a: Cannot decode video \/data\/a.avi/,
    );
  });

  it('prefetches one video ahead (at most 2 extractions in flight) and keeps data-set order', async () => {
    const dir = await tempDir();
    const ids = ['v0', 'v1', 'v2', 'v3', 'v4'];
    const videos: VideoRecord[] = ids.map((id) => ({ id, split: 'train', captions: [], source: { kind: 'file', path: `/${id}.avi` } }));
    let inFlight = 0;
    let maxInFlight = 0;
    const extractor = {
      dim: 2,
      extract: async (v: VideoRecord) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        const k = ids.indexOf(v.id);
        await new Promise((r) => setTimeout(r, 30 - k * 5)); // later videos finish faster
        inFlight--;
        return fakeFeatures(k + 1, 1, 2);
      },
    };
    await featuresStage.run(
      stageContext({ dir, dataset: { load: async () => ({ videos, info: { name: 'x', skipped: [] } }) }, extractor }),
    );
    expect(maxInFlight).toBe(2);
    const store = await readFeatures(dir);
    expect(store.ids).toEqual(ids);
    expect(ids.map((id) => store.get(id)[0])).toEqual([100, 200, 300, 400, 500]);
  });

  it('rejects non-finite features and feature sizes unlike the majority as broken videos', async () => {
    const dir = await tempDir();
    const videos: VideoRecord[] = [
      { id: 'ok', split: 'train', captions: [], source: { kind: 'features', load: async () => fakeFeatures(1, 2, 3) } },
      {
        id: 'nan',
        split: 'train',
        captions: [],
        source: { kind: 'features', load: async () => ({ frames: 1, dim: 3, data: new Float32Array([0, NaN, 1]) }) },
      },
      {
        id: 'wide',
        split: 'train',
        captions: [],
        source: { kind: 'features', load: async () => fakeFeatures(2, 2, 4), path: '/f/wide.npy' },
      },
      { id: 'ok2', split: 'train', captions: [], source: { kind: 'features', load: async () => fakeFeatures(3, 2, 3) } },
    ];
    await featuresStage.run(
      stageContext({
        dir,
        dataset: { load: async () => ({ videos, info: { name: 'x', skipped: [], allowMissing: { videos: 2, captions: 0 } } }) },
      }),
    );
    const store = await readFeatures(dir);
    expect(store.ids).toEqual(['ok', 'ok2']);
    expect(store.skipped.map((s) => s.reason)).toEqual([
      'Features of video "nan" has a non-finite value (NaN) at frame 0, feature 1.',
      'Features of video "wide" (/f/wide.npy) have size 4, but 2 of 3 videos have 3.',
    ]);
  });

  it('asks for a featureExtractor slot when videos are files', async () => {
    const dir = await tempDir();
    const videos: VideoRecord[] = [{ id: 'v', split: 'train', captions: [], source: { kind: 'file', path: '/x.avi' } }];
    await expect(
      featuresStage.run(stageContext({ dir, dataset: { load: async () => ({ videos, info: { name: 'x', skipped: [] } }) } })),
    ).rejects.toThrow(/"v" has a file source, which needs a feature extractor.*"featureExtractor"/);
  });
});
