import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRegistry, type PluginRegistry } from '../../core/index.js';
import { expandGrid, parseSeeds } from '../../plugins/sweep/grid.js';
import { parseSetList } from '../../core/config/set-path.js';
import { buildSweepSpec } from '../../plugins/sweep/build-spec.js';
import { runSweepLocally } from '../../plugins/sweep/local.js';
import { runCli } from '../../core/cli/main.js';

const SWEEP_MODULE = new URL('../../plugins/sweep/index.ts', import.meta.url);
const MODULES = [
  SWEEP_MODULE,
  new URL('../fixtures/sweep-stages.ts', import.meta.url),
  new URL('../fixtures/test-plugins-module.ts', import.meta.url),
];

let dir: string;
let traceFile: string;
let registry: PluginRegistry;
const trace = () => (existsSync(traceFile) ? readFileSync(traceFile, 'utf8').trim().split('\n').sort() : []);
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'topiclens-sweep-'));
  traceFile = join(dir, 'trace.txt');
  process.env.TOPICLENS_TEST_TRACE = traceFile;
  registry = await createRegistry(MODULES);
  writeFileSync(
    join(dir, 'exp.json'),
    JSON.stringify({ name: 'exp', seed: 5, backend: 'cpu', dataset: { type: 'tiny', options: { videos: 2 } }, score: { steps: 2 } }),
  );
});

describe('sweep grid', () => {
  it('is the product of the axes, first axis slowest, each point once per seed, named by its overrides', () => {
    const grid = expandGrid([parseSetList('score.lambda=0,0.5'), parseSetList('dataset.options.videos=2,3')], [1, 2]);
    expect(grid.map((p) => p.name)).toEqual(['lambda_0__videos_2', 'lambda_0__videos_3', 'lambda_0.5__videos_2', 'lambda_0.5__videos_3']);
    expect(grid[2]!.runs.map((r) => r.name)).toEqual(['lambda_0.5__videos_2__seed_1', 'lambda_0.5__videos_2__seed_2']);
    expect(grid[2]!.runs[1]!.set.map((o) => o.text)).toEqual(['score.lambda=0.5', 'dataset.options.videos=2', 'seed=2']);
    // Same last key on two axes: the labels take as much of the path as tells them apart.
    expect(expandGrid([parseSetList('a.x=1'), parseSetList('b.x=2')], [1])[0]!.name).toBe('a.x_1__b.x_2');
    // Values a folder cannot hold are cleaned; a collision gets a short hash.
    const odd = expandGrid([parseSetList('p="a/b","a:b"')], [1]).map((p) => p.name);
    expect(odd[0]).toBe('p_a-b');
    expect(odd[1]).toMatch(/^p_a-b-[0-9a-f]{6}$/);
    expect(() => expandGrid([parseSetList('seed=1,2')], [1])).toThrowError('use --seeds 1,2,3 instead');
    expect(() => expandGrid([parseSetList('a=1'), parseSetList('a=2')], [1])).toThrowError('--set a is given twice');
    expect(parseSeeds('1, 2,3')).toEqual([1, 2, 3]);
    expect(() => parseSeeds('1,x')).toThrowError('"x" is not a non-negative integer');
  });
});

describe('topiclens sweep on one machine', () => {
  it('runs every grid point × seed, computes shared upstream stages once, and writes mean ± std per point', async () => {
    const spec = await buildSweepSpec(
      {
        config: join(dir, 'exp.json'),
        cwd: dir,
        sets: ['score.lambda=0,0.5'],
        seeds: '1,2',
        metrics: 'score/score.json:value,digest/digest.json:sum,nope',
      },
      registry,
    );
    expect(spec.dir).toBe(join(dir, 'runs', 'exp-sweep'));
    const result = await runSweepLocally(spec, registry, { output: { quiet: true } });
    // data and extra read no λ: computed once per seed, linked into the other λ's run.
    expect(trace().filter((t) => t.startsWith('data') || t.startsWith('extra'))).toEqual([
      'data lambda_0__seed_1',
      'data lambda_0__seed_2',
      'extra lambda_0__seed_1',
      'extra lambda_0__seed_2',
    ]);
    expect(trace().filter((t) => t.startsWith('score '))).toHaveLength(4);
    expect(result.runs.map((r) => r.shared)).toEqual([[], [], ['data', 'extra'], ['data', 'extra']]);
    expect(result.runs[2]!.stages.map((s) => `${s.name}:${s.status}`)).toEqual(['data:cached', 'score:ran', 'extra:cached', 'digest:ran']);
    // score = seed + λ(1 + 2) over 2 steps; digest = score + 2·seed.
    expect(readJson(join(spec.dir, 'lambda_0.5__seed_2', 'score', 'score.json')).value).toBe(3.5);
    const s = readJson(join(spec.dir, 'sweep.json'));
    expect(s.metrics).toEqual(['score/score.json:value', 'digest/digest.json:sum']);
    expect(s.absentMetrics).toEqual(['nope']);
    const row = s.rows[1];
    expect(row.point).toBe('lambda_0.5');
    expect(row.overrides).toEqual({ 'score.lambda': 0.5 });
    expect(row.metrics['score/score.json:value'].values).toEqual([2.5, 3.5]);
    expect(row.metrics['score/score.json:value'].mean).toBe(3);
    expect(row.metrics['score/score.json:value'].std).toBeCloseTo(Math.SQRT1_2, 12);
    expect(row.metrics['digest/digest.json:sum'].mean).toBe(6); // (2.5 + 2) and (3.5 + 4)
    const md = readFileSync(join(spec.dir, 'sweep.md'), 'utf8');
    expect(md).toContain('| `0.5` | 3.0000 ± 0.7071 | 6.0000 ± 2.1213 | s1 (no report) s2 (no report) |');
    expect(md).toContain('No run has: nope.');

    // Rerun: every stage up to date.
    const again = await runSweepLocally(spec, registry, { output: { quiet: true } });
    expect(again.runs.flatMap((r) => r.stages.map((st) => st.status))).toEqual(Array(16).fill('cached'));
  });

  it("the CLI checks every run's config before running anything, naming the --set", async () => {
    const err: string[] = [];
    const code = await runCli(['sweep', join(dir, 'exp.json'), '--set', 'score.lambda=0,"high"', '--seeds', '1'], {
      modules: MODULES,
      cwd: dir,
      stdout: () => {},
      stderr: (t) => err.push(t),
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--set score\.lambda="high"/);
    expect(trace()).toEqual([]);
  });
});
