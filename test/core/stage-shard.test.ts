import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, loadConfig, runExperiment, type PluginRegistry } from '../../core/index.js';
import { adoptShards, runStageShard, shardDirOf, shardRange } from '../../core/runner/stage-shard.js';
import { featuresFolder } from '../support/features/features-folder.js';

const MODULES = [new URL('../fixtures/feature-shard-plugins.ts', import.meta.url)];

describe('a stage split into shards in one process (core/runner/stage-shard.ts)', () => {
  let registry: PluginRegistry;
  beforeAll(async () => {
    registry = await createRegistry(MODULES);
  });
  const load = async (videos: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-stage-shard-'));
    writeFileSync(
      join(dir, 'fx.json'),
      JSON.stringify({ name: 'fx', seed: 1, backend: 'cpu', dataset: { type: 'shard-clips', options: { videos } } }),
    );
    return loadConfig(join(dir, 'fx.json'), registry, { cwd: dir });
  };

  it('shard ranges cover every index once, sizes differing by at most one', () => {
    for (const [total, count] of [
      [30, 3],
      [31, 4],
      [2, 3],
      [0, 2],
      [1000, 7],
    ] as const) {
      const ranges = Array.from({ length: count }, (_, index) => shardRange(total, { index, count }));
      expect(ranges[0]![0]).toBe(0);
      expect(ranges.at(-1)![1]).toBe(total);
      for (let i = 1; i < count; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1]);
      const sizes = ranges.map(([a, b]) => b - a);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('4 shards, adopted, then the stage: features/ byte-identical to the stage alone; a stale shard folder is ignored', async () => {
    const whole = await load(31);
    await runExperiment(whole, registry, { output: { quiet: true } });
    const sharded = await load(31);
    const runDir = join(sharded.dir, 'runs', 'fx');
    // A shard folder left by a sweep with other inputs: its files must not be taken.
    const stale = shardDirOf(runDir, 'features', { index: 0, count: 2 });
    mkdirSync(join(stale, 'shards'), { recursive: true });
    writeFileSync(join(stale, '.attempt.json'), JSON.stringify({ inputHash: 'other inputs' }));
    writeFileSync(join(stale, 'shards', 'junk.f32'), 'not features');
    const outcomes = [];
    for (let index = 0; index < 4; index++)
      outcomes.push(await runStageShard(sharded, registry, { stage: 'features', shard: { index, count: 4 }, output: { quiet: true } }));
    expect(outcomes.map((o) => `${o.status} ${o.resuming}`)).toEqual(['ran false', 'ran false', 'ran false', 'ran false']);
    // 31 videos → videos 0–6, 7–14, 15–22, 23–30: one cached file each (.f32, or .skip.json for the unreadable one).
    expect([1, 2, 3, 4].map((i) => readdirSync(join(runDir, '.features.shards', `${i}-of-4`, 'shards')).length)).toEqual([7, 8, 8, 8]);
    // A shard run again resumes: nothing to extract.
    expect(
      (await runStageShard(sharded, registry, { stage: 'features', shard: { index: 1, count: 4 }, output: { quiet: true } })).resuming,
    ).toBe(true);
    expect(adoptShards(sharded, registry, 'features')).toEqual({ moved: 31, shards: 4 });
    expect(existsSync(join(runDir, '.features.shards'))).toBe(false);
    const r = await runExperiment(sharded, registry, { output: { quiet: true } });
    expect(r.stages.find((s) => s.name === 'features')!.status).toBe('ran');
    expect(featuresFolder(runDir)).toEqual(featuresFolder(join(whole.dir, 'runs', 'fx')));
    const record = readFileSync(join(runDir, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((e) => e.event === 'features');
    expect(record).toMatchObject({ extracted: 0, reused: 31 });
    // Finished: a shard job now has nothing to do.
    expect(
      (await runStageShard(sharded, registry, { stage: 'features', shard: { index: 0, count: 4 }, output: { quiet: true } })).status,
    ).toBe('cached');
  });
});
