import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../core/cli/main.js';
import { createRegistry, type PluginRegistry } from '../../core/index.js';
import { buildSweepSpec } from '../../plugins/sweep/build-spec.js';
import { runSweepLocally } from '../../plugins/sweep/local.js';
import { writeSpec } from '../../plugins/sweep/spec.js';
import { submitSweep, waitForSweep } from '../../plugins/sweep/queue/submit.js';
import { formatStatus, queueStatus } from '../../plugins/sweep/queue/status.js';
import { startRedis } from './redis-server.js';
import {
  describeWithRedis,
  FAST_STALL,
  fixtureSweep,
  SWEEP_MODULES,
  SWEEP_STAGES,
  SWEEP_WORKER,
  writeFixtureExperiment,
} from './fixture-sweep.js';
import { outputHashes, stageFileInProgress, startWorkerProcess, stopProcess, until } from './queue-helpers.js';

describeWithRedis('sweep-queue.test', 'sweep --queue on BullMQ with a real redis-server and worker processes', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  let registry: PluginRegistry;
  beforeAll(async () => {
    server = await startRedis();
    registry = await createRegistry(SWEEP_MODULES);
  }, 20_000);
  afterAll(async () => server && (await server.stop()));

  const writeConfig = (dir: string, extra: Record<string, unknown> = {}) => writeFixtureExperiment(dir, 300, extra);
  const sweepIn = (dir: string) => fixtureSweep(dir, registry, { stepMs: 300 });

  it('runs a 2 λ × 2 seed sweep on three workers, one SIGKILLed mid-stage, with outputs identical to one process', async () => {
    const t0 = Date.now();
    const seqDir = mkdtempSync(join(tmpdir(), 'topiclens-sweep-seq-'));
    process.env.TOPICLENS_TEST_TRACE = join(seqDir, 'trace.txt');
    const seq = await sweepIn(seqDir);
    await runSweepLocally(seq, registry, { output: { quiet: true } });
    delete process.env.TOPICLENS_TEST_TRACE;

    const dir = mkdtempSync(join(tmpdir(), 'topiclens-sweep-q-'));
    const traceFile = join(dir, 'trace.txt');
    const spec = await sweepIn(dir);
    const submitted = await submitSweep(spec, registry, server.url, { pollMs: 200 });
    // λ = 0: digest, score, data, extra and a share job for data (extra reads it too: BullMQ
    // flows are trees) = 5 jobs per seed; λ = 0.5: digest, score, and share jobs for data and
    // extra (computed by λ = 0) = 4; + the summary.
    expect(submitted).toMatchObject({ jobs: 2 * 5 + 2 * 4 + 1, shared: 2 * 1 + 2 * 2 });

    const env = { TOPICLENS_TEST_TRACE: traceFile };
    const workers = [0, 1, 2].map(() => startWorkerProcess(SWEEP_WORKER, server.url, FAST_STALL, env));
    const killedRun = await until(
      'a worker to be half-way through a score stage',
      () => stageFileInProgress(spec.dir, 'score', 'step-1.json'),
      60_000,
      20,
    );
    // Kill the worker that holds that job (BullMQ records it as host:pid).
    const holder = (await queueStatus(server.url, submitted.sweepId)).find(
      (r) => r.state === 'active' && r.run === killedRun && r.stage === 'score',
    )?.worker;
    const victim = workers.find((w) => holder?.endsWith(`:${w.child.pid}`));
    expect(victim, `the worker holding ${killedRun}/score (${holder})`).toBeDefined();
    await stopProcess(victim!.child, 'SIGKILL');
    const tKill = Date.now();
    const status = formatStatus(server.url, await queueStatus(server.url, submitted.sweepId));
    expect(status).toMatch(new RegExp(`active +${killedRun}/score on ${holder}`)); // still locked by the dead worker
    const rest = workers.filter((w) => w !== victim);
    try {
      await waitForSweep(server.url, submitted.sweepId, () => {}, 200);
    } finally {
      await Promise.all(rest.map((w) => stopProcess(w.child)));
    }
    const tDone = Date.now();
    const trace = readFileSync(traceFile, 'utf8').trim().split('\n');
    expect(trace).toContain(`score(resume) ${killedRun}`);
    expect(rest.map((w) => w.output()).join('')).toMatch(/stalled/);
    // Shared upstream stages ran once per seed.
    expect(trace.filter((t) => t.startsWith('data ')).sort()).toEqual(['data lambda_0__seed_1', 'data lambda_0__seed_2']);
    expect(trace.filter((t) => t.startsWith('extra ')).sort()).toEqual(['extra lambda_0__seed_1', 'extra lambda_0__seed_2']);

    // Bit-identical to the one-process sweep: every stage's output hash, and the summary.
    const want = outputHashes(seq.dir, SWEEP_STAGES);
    expect(Object.keys(want)).toHaveLength(4);
    expect(outputHashes(spec.dir, SWEEP_STAGES)).toEqual(want);
    const rows = (d: string) =>
      JSON.parse(readFileSync(join(d, 'sweep.json'), 'utf8')).rows.map((r: { point: string; metrics: unknown }) => [r.point, r.metrics]);
    expect(rows(spec.dir)).toEqual(rows(seq.dir));
    const table = (d: string) => readFileSync(join(d, 'sweep.md'), 'utf8').split('\n').slice(1).join('\n'); // line 1 names the config file
    expect(table(spec.dir)).toBe(table(seq.dir));

    const done = formatStatus(server.url, await queueStatus(server.url, submitted.sweepId));
    expect(done).toContain(`sweep ${submitted.sweepId}: done — 19 of 19 jobs done, 0 active, 0 failed`);
    console.log(
      `[sweep-queue.test] kill-and-resume sweep: ${((Date.now() - t0) / 1000).toFixed(1)} s (kill at ${((tKill - t0) / 1000).toFixed(1)} s, done ${((tDone - tKill) / 1000).toFixed(1)} s later)`,
    );
  }, 120_000);

  /**
   * The fixture sweep of one seed with `sets` (a score stage that blocks the event loop) on two
   * workers with a 2 s lock, checked for stalled jobs every 0.5 s: what they printed, the stages
   * traced, and the score job's row.
   */
  const blockingSweep = async (sets: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-sweep-lock-'));
    const traceFile = join(dir, 'trace.txt');
    writeConfig(dir);
    const spec = await buildSweepSpec(
      { config: join(dir, 'exp.json'), cwd: dir, sets, seeds: '1', metrics: 'score/score.json:value' },
      registry,
    );
    writeSpec(spec);
    const { sweepId } = await submitSweep(spec, registry, server.url, { pollMs: 200 });
    const workers = [0, 1].map(() =>
      startWorkerProcess(SWEEP_WORKER, server.url, ['--lock-duration', '2000', '--stalled-interval', '500'], {
        TOPICLENS_TEST_TRACE: traceFile,
      }),
    );
    try {
      await waitForSweep(server.url, sweepId, () => {}, 200);
    } finally {
      await Promise.all(workers.map((w) => stopProcess(w.child)));
    }
    return {
      out: workers.map((w) => w.output()).join(''),
      scored: readFileSync(traceFile, 'utf8')
        .trim()
        .split('\n')
        .filter((t) => t.startsWith('score')),
      score: (await queueStatus(server.url, sweepId)).find((r) => r.stage === 'score')!,
    };
  };

  it('a stage computing far longer than the lock without yielding, ticking progress, keeps its job (lock thread and ticks renew it)', async () => {
    // 4 steps of 1.2 s each, never yielding: 4.8 s of blocked event loop against a 2 s lock.
    const { out, scored, score } = await blockingSweep(['score.blockMs=1200']);
    expect(out, out).not.toMatch(/job \S+ stalled|no longer this worker's/);
    expect(scored).toEqual(['score blockMs_1200__seed_1']);
    expect([score.state, score.attemptsMade]).toEqual(['completed', 1]);
    expect(score.finishedAt! - score.startedAt!).toBeGreaterThan(4800);
  }, 60_000);

  it('a stage computing 4.8 s without yielding and without a single progress tick keeps its 2 s lock: the lock thread renews it', async () => {
    const { out, scored, score } = await blockingSweep(['score.blockMs=4800', 'score.steps=1', 'score.ticks=false']);
    expect(out, out).not.toMatch(/job \S+ stalled|no longer this worker's/);
    expect(scored).toHaveLength(1);
    expect([score.state, score.attemptsMade]).toEqual(['completed', 1]);
    expect(score.finishedAt! - score.startedAt!).toBeGreaterThan(4800);
  }, 60_000);

  it('reports a job that fails every attempt with its error, and still writes sweep.md for the other runs (through the CLI)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-sweep-f-'));
    writeConfig(dir, { score: { steps: 1, failSeed: 2 } });
    const w = startWorkerProcess(SWEEP_WORKER, server.url, ['--concurrency', '2'], {});
    const out: string[] = [];
    const cli = (args: string[]) => runCli(args, { modules: SWEEP_MODULES, cwd: dir, stdout: (t) => out.push(t), stderr: () => {} });
    try {
      const args = [
        'sweep',
        join(dir, 'exp.json'),
        '--set',
        'score.lambda=0,0.5',
        '--seeds',
        '1,2',
        '--metrics',
        'score/score.json:value',
        '--queue',
        server.url,
        '--wait',
        '--attempts',
        '2',
        '--poll-ms',
        '200',
      ];
      expect(await cli(args)).toBe(0);
    } finally {
      await stopProcess(w.child);
    }
    const sweepId = /as sweep (\S+);/.exec(out.join('\n'))![1]!;
    const rows = await queueStatus(server.url, sweepId);
    const failed = rows.filter((r) => r.state === 'failed');
    // The two seed-2 score jobs fail twice each; their digests fail with them.
    expect(failed.map((r) => `${r.run}/${r.stage}${r.stage === 'score' ? ` ${r.attemptsMade}` : ''}`).sort()).toEqual([
      'lambda_0.5__seed_2/digest',
      'lambda_0.5__seed_2/score 2',
      'lambda_0__seed_2/digest',
      'lambda_0__seed_2/score 2',
    ]);
    expect(failed.find((r) => r.stage === 'score')!.error).toBe('score: seed 2 is set to fail (score.failSeed)');
    out.length = 0;
    expect(await cli(['queue', 'status', '--queue', server.url, '--sweep', sweepId])).toBe(0);
    expect(out.join('\n')).toMatch(
      /failed +lambda_0__seed_2\/score \(attempts 2\)\n +error: score: seed 2 is set to fail \(score\.failSeed\)/,
    );
    expect(out.join('\n')).toContain(`sweep ${sweepId}: done — 15 of 19 jobs done, 0 active, 4 failed`);
    // sweep.md is there, without the failed seed.
    const sweep = JSON.parse(readFileSync(join(dir, 'runs', 'exp-sweep', 'sweep.json'), 'utf8'));
    expect(sweep.rows.map((r: { metrics: Record<string, { values: number[] }> }) => r.metrics['score/score.json:value']!.values)).toEqual([
      [1],
      [1.5],
    ]);
    // Nothing listening: a clear error, no hang.
    const err: string[] = [];
    expect(
      await runCli(['queue', 'status', '--queue', 'redis://127.0.0.1:1'], {
        modules: SWEEP_MODULES,
        cwd: dir,
        stdout: () => {},
        stderr: (t) => err.push(t),
      }),
    ).toBe(2);
    expect(err.join('\n')).toContain('cannot reach Redis at 127.0.0.1:1 (ECONNREFUSED)');
  }, 60_000);
});
