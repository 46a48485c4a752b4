import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMsvd, type MsvdOptions } from '../../datasets/msvd/load.js';
import { defaults } from '../../datasets/msvd/schema.js';
import { msvdFeatureFixture } from '../../../test/support/datasets/msvd-fixture.js';
import { readFeatures } from './read-features.js';
import { topicsStage } from '../topics/stage.js';
import { featuresStage } from './stage.js';
import { memoryLogger, stageContext } from '../../../test/support/features/test-context.js';

/** The features stage on a real msvd loader: what the data set loses is counted, reported and refused. */
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const msvd = (f: { csv: string; features: string }, o: Partial<MsvdOptions> = {}) => {
  const options = {
    ...(defaults as MsvdOptions),
    csv: f.csv,
    features: f.features,
    split: { train: 18, val: 10, test: 12 },
    ...o,
  } as MsvdOptions;
  return { load: () => loadMsvd(options) };
};

async function runStage(f: { dir: string; csv: string; features: string }, o: Partial<MsvdOptions> = {}) {
  const dir = join(f.dir, 'run-features');
  dirs.push(f.dir);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  const log = memoryLogger();
  const infos: string[] = [];
  const logger = { ...log.logger, info: (m: string) => void infos.push(m) };
  await featuresStage.run(stageContext({ dir, dataset: msvd(f, o), logger }));
  return { dir, log, infos };
}

describe('features stage: data lost by the data set', () => {
  it('10 missing .npy files fail the run, naming the files and the shrunken split', async () => {
    const f = msvdFeatureFixture({ clips: 40, missing: [30, 31, 32, 33, 34, 35, 36, 37, 38, 39] });
    dirs.push(f.dir);
    const failure = runStage(f);
    await expect(failure).rejects.toThrow(/missing data: 10 videos lost \(0 allowed\); the usable videos are train 18, val 10, test 2\./);
    await expect(failure).rejects.toThrow(
      `10 × feature file missing [lost videos] (e.g. ${join(f.features, 'clip30_1_5.npy')}; ${join(f.features, 'clip31_1_5.npy')}`,
    );
    await expect(failure).rejects.toThrow('"allowMissing": {"videos":10,"captions":0} in dataset.options');
  });

  it('the topics stage, which may run first, refuses the same losses before fitting anything', async () => {
    const f = msvdFeatureFixture({ clips: 40, missing: [30, 31, 32, 33, 34, 35, 36, 37, 38, 39] });
    dirs.push(f.dir);
    await expect(topicsStage.run(stageContext({ dir: f.dir, dataset: msvd(f) }))).rejects.toThrow(
      /^the data set \(test\) is missing data: 10 videos lost \(0 allowed\); the usable videos are train 18, val 10, test 2\./,
    );
  });

  it('with allowMissing the run goes ahead and reports every loss in index.json, the log and the console', async () => {
    const f = msvdFeatureFixture({ clips: 40, missing: [30, 31, 32, 33, 34, 35, 36, 37, 38, 39] });
    const { dir, log, infos } = await runStage(f, { allowMissing: { videos: 10 } });
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
    expect(index.videos).toHaveLength(30);
    expect(index.datasetSkipped).toEqual([
      {
        reason: 'feature file missing',
        count: 10,
        problem: 'video',
        examples: [30, 31, 32, 33, 34].map((i) => join(f.features, `clip${i}_1_5.npy`)),
      },
    ]);
    const rec = log.records.find((r) => r.event === 'features')!.fields;
    expect(rec).toMatchObject({
      videos: 30,
      splits: { train: 18, val: 10, test: 2 },
      lost: { videos: 10, captions: 0 },
      allowMissing: { videos: 10, captions: 0 },
    });
    expect(rec.datasetSkipped).toEqual([{ reason: 'feature file missing', count: 10, problem: 'video' }]);
    expect(infos.some((m) => m.startsWith('features: 10 × feature file missing [lost videos]'))).toBe(true);
    expect(log.warnings).toContain(
      'features: the run goes ahead without 10 videos and 0 caption rows (allowMissing {"videos":10,"captions":0})',
    );
  });

  it('empty descriptions are lost captions, and a clip whose descriptions are all empty is a lost video', async () => {
    const f = msvdFeatureFixture({
      clips: 40,
      extraRows: ['clip03,1,5,7,clean,9,English,', 'clip04,1,5,7,clean,9,English,"  ..."'],
    });
    await expect(runStage(f)).rejects.toThrow(
      /missing data: 2 caption rows lost \(0 allowed\)[\s\S]*2 × empty description \[lost captions\] \(e\.g\. .*:82 \(clip03_1_5\); .*:83 \(clip04_1_5\)\)/,
    );

    // A 41st feature file whose clip has only an empty description.
    const g = msvdFeatureFixture({ clips: 41, extraRows: [] });
    const kept = (await readFile(g.csv, 'utf8'))
      .split('\r\n')
      .filter((l) => !l.startsWith('clip40,'))
      .join('\r\n');
    const csv = `${kept}clip40,1,5,9,clean,9,English,\r\n`;
    await (await import('node:fs/promises')).writeFile(g.csv, csv);
    await expect(runStage(g, { split: { train: 20, val: 10, test: 11 } })).rejects.toThrow(
      /1 video lost \(0 allowed\), 1 caption row lost \(0 allowed\)[\s\S]*1 × feature file with no English description in the csv \[lost video\]/,
    );
  });

  it("the feature size is the majority's: one odd file is named and skipped, not the 39 good ones", async () => {
    const f = msvdFeatureFixture({ clips: 40, dimOf: (i) => (i === 0 ? 5 : 4) });
    const odd = join(f.features, 'clip00_1_5.npy');
    await expect(runStage(f)).rejects.toThrow(
      `1 × feature size unlike the majority [lost video] (e.g. Features of video "clip00_1_5" (${odd}) have size 5, but 39 of 40 videos have 4.)`,
    );
    const { dir } = await runStage(f, { allowMissing: { videos: 1 } });
    const store = await readFeatures(dir);
    expect(store.dim).toBe(4);
    expect(store.ids).toHaveLength(39);
    expect(store.ids[0]).toBe('clip01_1_5');
    expect(store.skipped).toEqual([
      { id: 'clip00_1_5', reason: `Features of video "clip00_1_5" (${odd}) have size 5, but 39 of 40 videos have 4.`, odd: true },
    ]);
    expect((await readdir(dir)).sort()).toEqual(['features.f32', 'index.json']);
  });
});
