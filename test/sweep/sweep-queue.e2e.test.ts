import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultRegistry, type PluginRegistry } from '../../index.js';
import { useBackend } from '../../core/tensor/testing/use-backend.js';
import { reproduce } from '../../plugins/reproduce/reproduce.js';
import { tinyReproduceOptions } from '../support/reproduce/tiny-presets.js';
import { runQueued } from '../../plugins/sweep/queue/run-queued.js';
import { queueStatus } from '../../plugins/sweep/queue/status.js';
import { buildSweepSpec } from '../../plugins/sweep/build-spec.js';
import { runSweepLocally } from '../../plugins/sweep/local.js';
import { allRuns, writeSpec, type SweepSpec } from '../../plugins/sweep/spec.js';
import { submitSweep, waitForSweep } from '../../plugins/sweep/queue/submit.js';
import { writeTinyConfig } from '../pipeline/tiny-config.js';
import { outputHashes, startWorkerProcess, stopProcess, until } from './queue-helpers.js';
import { findRedisServer, startRedis } from './redis-server.js';

const CLI = join(import.meta.dirname, '../../bin/topiclens.mjs');
const STAGES = ['topics', 'features', 'train', 'evaluate', 'attribute'];
const redis = findRedisServer();

/** A run whose train stage has written its first epoch checkpoint but has not finished. */
const trainingMidway = (spec: SweepSpec): string | undefined =>
  allRuns(spec)
    .map((r) => r.name)
    .find(
      (run) =>
        !existsSync(join(spec.dir, run, 'train', 'manifest.json')) &&
        [join(spec.dir, run, '.train.attempt', 'checkpoint'), join(spec.dir, run, 'train', 'checkpoint')].some(existsSync),
    );

// The whole pipeline on the tiny synthetic world (an e2e suite: CI=true or TOPICLENS_E2E=1, see vitest.config.ts).
describe('sweep --queue: the tiny pipeline, 2 λ × 2 seeds, three topiclens workers, one SIGKILLed mid-training', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  let registry: PluginRegistry;
  beforeAll(async () => {
    if ('missing' in redis) throw new Error(`${redis.missing} (.ci/run installs it in CI)`);
    server = await startRedis();
  }, 30_000);
  afterAll(async () => server && (await server.stop()));

  const sweepIn = async (dir: string) => {
    const spec = await buildSweepSpec(
      { config: writeTinyConfig(dir), cwd: dir, sets: ['interpretiveLoss.options.lambda=0.1,0.3'], seeds: '1,2' },
      registry,
    );
    writeSpec(spec);
    return spec;
  };

  it('gives outputs bit-identical to the same sweep run in one process', async () => {
    const t0 = Date.now();
    registry = await createDefaultRegistry();
    const seq = await sweepIn(mkdtempSync(join(tmpdir(), 'topiclens-e2e-seq-')));
    const local = await runSweepLocally(seq, registry, { output: { quiet: true } });
    expect(local.runs.map((r) => r.shared)).toEqual([[], [], ['topics', 'features'], ['topics', 'features']]);
    const tSeq = Date.now();

    const spec = await sweepIn(mkdtempSync(join(tmpdir(), 'topiclens-e2e-q-')));
    // Each seed's features as 2 shard jobs (the other λ links them): the outputs must still be the one-process sweep's.
    const { sweepId } = await submitSweep(spec, registry, server.url, { pollMs: 300, featureShards: 2 });
    // The lock must outlast the longest stretch training blocks the event loop (a 3 s lock on a
    // loaded machine had a live worker taken for dead: two workers resumed one train stage).
    const flags = ['--lock-duration', '20000', '--stalled-interval', '2000'];
    const a = startWorkerProcess(CLI, server.url, flags, {}, ['worker']);
    const killed = await until('a worker to be between two training epochs', () => trainingMidway(spec), 420_000, 20).catch((e: Error) => {
      throw new Error(`${e.message}; worker A said:\n${a.output()}`);
    });
    await stopProcess(a.child, 'SIGKILL');
    const others = [startWorkerProcess(CLI, server.url, flags, {}, ['worker']), startWorkerProcess(CLI, server.url, flags, {}, ['worker'])];
    try {
      await waitForSweep(server.url, sweepId, () => {}, 500);
    } finally {
      await Promise.all(others.map((w) => stopProcess(w.child)));
    }
    const log = readFileSync(join(spec.dir, killed, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(
      log.some((e) => e.stage === 'train' && e.event === 'stage-start' && e.resuming === true),
      `${killed}/train resumed from its checkpoint`,
    ).toBe(true);

    const shardJobs = (await queueStatus(server.url, sweepId)).filter((j) => j.kind === 'shard');
    expect(shardJobs.map((j) => `${j.run}/${j.stage} ${j.state}`).sort()).toEqual(
      [1, 2].flatMap((seed) => [1, 2].map((i) => `lambda_0.1__seed_${seed}/features shard ${i}/2 completed`)),
    );
    const want = outputHashes(seq.dir, STAGES);
    expect(Object.keys(want)).toHaveLength(4);
    expect(outputHashes(spec.dir, STAGES)).toEqual(want);
    // The report names its run folder; otherwise identical.
    for (const run of Object.keys(want)) {
      const html = (d: string) => readFileSync(join(d, run, 'report', 'report.html'), 'utf8').replaceAll(d, '<sweep>');
      expect(html(spec.dir) === html(seq.dir), `${run}/report/report.html`).toBe(true);
    }
    const rows = (d: string) => JSON.parse(readFileSync(join(d, 'sweep.json'), 'utf8')).rows;
    expect(rows(spec.dir)).toEqual(rows(seq.dir));
    expect(rows(spec.dir).map((r: { metrics: { Bleu_4: { n: number } } }) => r.metrics.Bleu_4.n)).toEqual([2, 2]);
    console.log(
      `[sweep-queue.e2e] sequential ${((tSeq - t0) / 1000).toFixed(1)} s, queued with a kill ${((Date.now() - tSeq) / 1000).toFixed(1)} s`,
    );
  }, 900_000);
});

// Ten tiny runs on the queue (2 seeds × 5), ten in one process for the reference.
describe('reproduce --queue', () => {
  it("runs the seeds at once on two workers, features in 2 shard jobs; reproduction.md equals a serial call's; its runs table names what the workers ran", async () => {
    if ('missing' in redis) throw new Error(`${redis.missing} (.ci/run installs it in CI)`);
    const server = await startRedis();
    const registry = await createDefaultRegistry();
    await useBackend('cpu');
    const serialDir = mkdtempSync(join(tmpdir(), 'topiclens-reproduce-serial-'));
    const serial = await reproduce(tinyReproduceOptions(serialDir, registry, [1, 2]));
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-reproduce-q-'));
    const options = tinyReproduceOptions(dir, registry, [1, 2]);
    const workers = [0, 1].map(() =>
      startWorkerProcess(CLI, server.url, ['--lock-duration', '20000', '--stalled-interval', '2000'], {}, ['worker']),
    );
    try {
      const out = await reproduce({
        ...options,
        remote: (loaded, ref) => runQueued(server.url, loaded, ref, registry, { log: () => {}, pollMs: 100, featureShards: 2 }),
      });
      const names = ['tiny-b', 'tiny-i', 'tiny-tr-b', 'tiny-tr-i', 'tiny-r'];
      expect(out.runs.map((r) => r.name)).toEqual([...names.map((n) => `${n}-s1`), ...names.map((n) => `${n}-s2`)]);
      // Every stage was computed by the workers; the runs table says so (not "(all cached)", what the local pass after them sees).
      for (const r of out.runs) {
        expect(r.queued, r.name).toBe(true);
        for (const s of r.stages) expect(['ran', 'disabled'], `${r.name}/${s.name}`).toContain(s.status);
      }
      expect(
        out.runs
          .find((r) => r.name === 'tiny-i-s1')!
          .stages.filter((s) => s.status === 'ran')
          .map((s) => s.name),
      ).toEqual(['topics', 'features', 'train', 'evaluate', 'attribute', 'report']);
      // Both seeds had a job running at the same moment, on different workers (the job records' start and finish times).
      const jobs = (await queueStatus(server.url)).filter((j) => j.kind === 'stage' && j.startedAt && j.finishedAt);
      const ofSeed = (k: number) => jobs.filter((j) => j.run.endsWith(`-s${k}`));
      const overlap = ofSeed(1).flatMap((a) =>
        ofSeed(2)
          .filter((b) => a.startedAt! < b.finishedAt! && b.startedAt! < a.finishedAt! && a.worker !== b.worker)
          .map((b) => [a, b]),
      );
      expect(overlap.length, `pairs of seed-1 / seed-2 jobs active at once on two workers (of ${jobs.length} jobs)`).toBeGreaterThan(0);
      expect(
        jobs
          .filter((j) => j.stage === 'train')
          .map((j) => j.run)
          .sort(),
      ).toEqual(['tiny-b-s1', 'tiny-b-s2', 'tiny-i-s1', 'tiny-i-s2']);
      // Every run's features were extracted as 2 shard jobs, then consolidated: the results below are still the serial call's.
      const all = await queueStatus(server.url);
      const featureRuns = all
        .filter((j) => j.kind === 'stage' && j.stage === 'features')
        .map((j) => j.run)
        .sort();
      expect(featureRuns).toHaveLength(10);
      const shardsOf = (run: string) =>
        all
          .filter((j) => j.kind === 'shard' && j.run === run && j.state === 'completed')
          .map((j) => j.stage)
          .sort();
      for (const run of featureRuns) expect(shardsOf(run), run).toEqual(['features shard 1/2', 'features shard 2/2']);
      // Everything but the timings and which process ran the stages is the serial call's.
      const md = (d: string) => readFileSync(join(d, 'out', 'reproduction.md'), 'utf8').replaceAll(d, '<dir>');
      const [results, runsTable] = md(dir).split('## Runs');
      const [serialResults, serialRunsTable] = md(serialDir).split('## Runs');
      expect(results).toBe(serialResults);
      const firstColumns = (t: string) =>
        t
          .split('\n')
          .filter((l) => l.startsWith('| '))
          .map((l) => l.split('|').slice(1, 5).join('|'));
      expect(firstColumns(runsTable!)).toEqual(firstColumns(serialRunsTable!));
      expect(runsTable).toContain("| topics, features, train, evaluate, attribute, report (on the queue's workers) |");
      expect(runsTable).not.toContain('(all cached)');
      expect(out.blocks).toEqual(serial.blocks.map((b) => JSON.parse(JSON.stringify(b).replaceAll(serialDir, dir))));
      expect(out.blocks[0]!.transfer['LSTM-I'].n).toBe(2);
      console.log(
        `[sweep-queue.e2e] reproduce --queue, 2 seeds on 2 workers: ${out.seconds.toFixed(1)} s (serial in one process ${serial.seconds.toFixed(1)} s); ${overlap.length} overlapping job pairs`,
      );
    } finally {
      await Promise.all(workers.map((w) => stopProcess(w.child)));
      await server.stop();
    }
  }, 600_000);
});
