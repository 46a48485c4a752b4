import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRegistry, loadConfig, runCli, runExperiment, type PluginRegistry } from '../../core/index.js';
import { runQueued } from '../../plugins/sweep/queue/run-queued.js';
import { queueStatus, type JobRow } from '../../plugins/sweep/queue/status.js';
import { describeWithRedis, FAST_STALL } from './fixture-sweep.js';
import { startRedis } from './redis-server.js';
import { startWorkerProcess, stopProcess, until } from './queue-helpers.js';
import { featuresFolder } from '../support/features/features-folder.js';

// The features stage beside the sweep fixture stages (data → score, extra → digest), which do not read it.
const MODULES = [
  new URL('../../plugins/sweep/index.ts', import.meta.url),
  new URL('../fixtures/feature-shard-plugins.ts', import.meta.url),
  new URL('../fixtures/sweep-stages.ts', import.meta.url),
];
const WORKER = join(import.meta.dirname, '../fixtures/feature-shard-worker-child.ts');

const logOf = (runDir: string) =>
  readFileSync(join(runDir, 'log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const overlaps = (a: JobRow, b: JobRow) => a.startedAt! < b.finishedAt! && b.startedAt! < a.finishedAt!;

describeWithRedis('feature-shards.test', 'feature extraction split into shard jobs by video range (--feature-shards)', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  let registry: PluginRegistry;
  beforeAll(async () => {
    server = await startRedis();
    registry = await createRegistry(MODULES);
  }, 20_000);
  afterAll(async () => server && (await server.stop()));

  /** `ms` per video: waiting (a number) or computing (`{ busy: ms }`). */
  const configIn = (dir: string, name: string, ms: number | { busy: number }) => {
    const file = join(dir, 'fx.json');
    const pace = typeof ms === 'number' ? { delayMs: ms } : { busyMs: ms.busy };
    writeFileSync(
      file,
      JSON.stringify({ name, seed: 1, backend: 'cpu', dataset: { type: 'shard-clips', options: { videos: 30, ...pace } } }),
    );
    return file;
  };
  /** features/ of the run computed in one piece, in this process. */
  const unsharded = async (name: string, delayMs: number | { busy: number }) => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-shards-one-'));
    const loaded = await loadConfig(configIn(dir, name, delayMs), registry, { cwd: dir });
    const t0 = Date.now();
    const r = await runExperiment(loaded, registry, { output: { quiet: true } });
    return { runDir: r.runDir, seconds: (Date.now() - t0) / 1000 };
  };
  const queued = async (name: string, delayMs: number | { busy: number }, shards: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-shards-q-'));
    const file = configIn(dir, name, delayMs);
    const loaded = await loadConfig(file, registry, { cwd: dir });
    return {
      loaded,
      run: () =>
        runQueued(server.url, loaded, { configFile: file, cwd: dir, set: [] }, registry, {
          log: () => {},
          pollMs: 100,
          featureShards: shards,
        }),
      runDir: join(dir, 'runs', name),
    };
  };
  const jobsOf = async (run: string) => (await queueStatus(server.url)).filter((j) => j.run === run);

  it('3 shards on 2 workers: the shards run as separate jobs on both workers, and features/ is bit-identical to one job', async () => {
    const one = await unsharded('fx-a', { busy: 60 });
    const q = await queued('fx-a', { busy: 60 }, 3);
    const workers = [0, 1].map(() => startWorkerProcess(WORKER, server.url, FAST_STALL, {}));
    const t0 = Date.now();
    let outcomes: Awaited<ReturnType<typeof q.run>>;
    try {
      outcomes = await q.run();
    } finally {
      await Promise.all(workers.map((w) => stopProcess(w.child)));
    }
    const wall = (Date.now() - t0) / 1000;
    const want = featuresFolder(one.runDir);
    expect(want.files).toEqual(['features.f32', 'index.json', 'manifest.json']);
    expect(JSON.parse(want.index).videos).toHaveLength(28); // 30, less one unreadable and one of odd size
    expect(featuresFolder(q.runDir)).toEqual(want);
    expect(existsSync(join(q.runDir, '.features.shards')), 'shard folders removed after consolidation').toBe(false);

    const jobs = await jobsOf('fx-a');
    const shards = jobs.filter((j) => j.kind === 'shard');
    expect(shards.map((j) => `${j.stage} ${j.state}`).sort()).toEqual([
      'features shard 1/3 completed',
      'features shard 2/3 completed',
      'features shard 3/3 completed',
    ]);
    expect(new Set(shards.map((j) => j.worker)).size, 'workers that ran shards').toBe(2);
    expect(
      shards.some((a) => shards.some((b) => a !== b && a.worker !== b.worker && overlaps(a, b))),
      'two shards computing at the same time',
    ).toBe(true);
    // Each shard extracted its own range (10 videos); the consolidating job extracted none.
    const log = logOf(q.runDir);
    expect(
      log
        .filter((e) => e.event === 'features-shard')
        .map((e) => [e.index, e.from, e.to, e.extracted + e.skipped])
        .sort(),
    ).toEqual([
      [0, 0, 10, 10],
      [1, 10, 20, 10],
      [2, 20, 30, 10],
    ]);
    expect(log.find((e) => e.event === 'features')).toMatchObject({ extracted: 0, reused: 30 });
    const consolidate = jobs.find((j) => j.kind === 'stage' && j.stage === 'features')!;
    expect(shards.every((s) => s.finishedAt! <= consolidate.startedAt!)).toBe(true);
    // What runQueued reports (reproduce's runs table): features ran, its seconds those of the shards and the consolidation.
    const shardSeconds = log.filter((e) => e.event === 'features-shard').reduce((t, e) => t + e.seconds, 0);
    expect(outcomes.map((s) => `${s.name} ${s.status}`)).toEqual(['features ran', 'data ran', 'score ran', 'extra ran', 'digest ran']);
    expect(outcomes[0]!.seconds).toBeGreaterThan(shardSeconds);
    const span = (rows: JobRow[]) => (Math.max(...rows.map((r) => r.finishedAt!)) - Math.min(...rows.map((r) => r.startedAt!))) / 1000;
    console.log(
      `[feature-shards.test] 30 videos × 60 ms of computing: one job ${one.seconds.toFixed(2)} s in-process; 3 shards on 2 workers ${span(shards).toFixed(2)} s of shard jobs, ${span([...shards, consolidate]).toFixed(2)} s with consolidation (${wall.toFixed(1)} s wall with worker start-up)`,
    );
  }, 60_000);

  it('a worker SIGKILLed mid-shard: its shard is taken back and resumes after the videos it cached; features/ still bit-identical', async () => {
    const one = await unsharded('fx-b', 150);
    const q = await queued('fx-b', 150, 3);
    const done = q.run();
    const workers = [0, 1].map(() => startWorkerProcess(WORKER, server.url, FAST_STALL, {}));
    const cached = (k: number) => {
      const d = join(q.runDir, '.features.shards', `${k}-of-3`, 'shards');
      return existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.f32')).length : 0;
    };
    const k = await until('a shard job with 3 videos cached', () => [1, 2, 3].find((i) => cached(i) >= 3), 30_000, 20);
    const holder = (await jobsOf('fx-b')).find((r) => r.state === 'active' && r.stage === `features shard ${k}/3`)?.worker;
    const victim = workers.find((w) => holder?.endsWith(`:${w.child.pid}`));
    expect(victim, `the worker holding shard ${k} (${holder})`).toBeDefined();
    await stopProcess(victim!.child, 'SIGKILL');
    const before = cached(k);
    try {
      await done;
    } finally {
      await Promise.all(workers.map((w) => stopProcess(w.child)));
    }
    expect(featuresFolder(q.runDir)).toEqual(featuresFolder(one.runDir));
    const starts = logOf(q.runDir).filter((e) => e.event === 'shard-start' && e.index === k - 1);
    expect(starts.map((e) => e.resuming)).toEqual([false, true]);
    const resumed = logOf(q.runDir).find((e) => e.event === 'features-shard' && e.index === k - 1)!;
    expect(resumed.reused, `videos of shard ${k} cached before the kill (${before} .f32 files then)`).toBeGreaterThanOrEqual(before);
    expect(resumed.reused + resumed.extracted + resumed.skipped).toBe(10);
    expect(victim!.output() + workers.find((w) => w !== victim)!.output()).toMatch(/stalled/);
  }, 60_000);

  it('sweep --queue --feature-shards 3 (the CLI): one run computes the sharded features, the other λ links them; both equal one job', async () => {
    const one = await unsharded('fx-c', 20);
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-shards-sweep-'));
    const file = configIn(dir, 'fx-c', 20);
    const out: string[] = [];
    const w = [0, 1].map(() => startWorkerProcess(WORKER, server.url, FAST_STALL, {}));
    try {
      const args = [
        'sweep',
        file,
        '--set',
        'score.lambda=0,0.5',
        '--metrics',
        'score/score.json:value',
        '--queue',
        server.url,
        '--wait',
        '--poll-ms',
        '200',
        '--feature-shards',
        '3',
      ];
      expect(await runCli(args, { modules: MODULES, cwd: dir, stdout: (t) => out.push(t), stderr: () => {} })).toBe(0);
    } finally {
      await Promise.all(w.map((x) => stopProcess(x.child)));
    }
    // λ = 0: features + its 3 shards, digest, score, data, extra, a share of data; λ = 0.5: features, data and extra shared, digest, score; the summary.
    expect(out.join('\n')).toMatch(/sent 15 jobs \(4 shared stages\)/);
    const sweepDir = join(dir, 'runs', 'fx-c-sweep');
    const want = featuresFolder(one.runDir);
    for (const run of ['lambda_0__seed_1', 'lambda_0.5__seed_1']) expect(featuresFolder(join(sweepDir, run)), run).toEqual(want);
    const shardEvents = (run: string) => logOf(join(sweepDir, run)).filter((e) => e.event === 'features-shard').length;
    expect([shardEvents('lambda_0__seed_1'), shardEvents('lambda_0.5__seed_1')]).toEqual([3, 0]);
  }, 60_000);
});
