import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createRegistry, type PluginRegistry } from '../../core/index.js';
import { runSweepLocally } from '../../plugins/sweep/local.js';
import { submitSweep, waitForSweep } from '../../plugins/sweep/queue/submit.js';
import { formatStatus, queueStatus } from '../../plugins/sweep/queue/status.js';
import { describeWithRedis, fixtureSweep, SWEEP_MODULES, SWEEP_STAGES, SWEEP_WORKER } from './fixture-sweep.js';
import { startRedis, type TestRedis } from './redis-server.js';
import { outputHashes, stageFileInProgress, startWorkerProcess, stopProcess, until } from './queue-helpers.js';

describeWithRedis('redis-restart.test', 'sweep --queue across a Redis restart (append-only file, same port)', () => {
  let server: TestRedis | undefined;
  afterAll(async () => server && (await server.stop()));

  it('loses no job and runs no stage twice: the workers and the waiting client reconnect, outputs equal a one-process sweep', async () => {
    const registry: PluginRegistry = await createRegistry(SWEEP_MODULES);
    const sweepIn = (dir: string) => fixtureSweep(dir, registry, { stepMs: 400 });
    const seq = await sweepIn(mkdtempSync(join(tmpdir(), 'topiclens-restart-seq-')));
    await runSweepLocally(seq, registry, { output: { quiet: true } });

    server = await startRedis({ persistDir: mkdtempSync(join(tmpdir(), 'topiclens-redis-aof-')) });
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-restart-q-'));
    const traceFile = join(dir, 'trace.txt');
    const spec = await sweepIn(dir);
    const { sweepId } = await submitSweep(spec, registry, server.url, { pollMs: 200 });
    // The lock outlasts the outage (as the 5 min default outlasts a Redis restart): the job that was
    // active through it is still its worker's when Redis is back.
    const workers = [0, 1].map(() =>
      startWorkerProcess(SWEEP_WORKER, server!.url, ['--lock-duration', '20000', '--stalled-interval', '1000'], {
        TOPICLENS_TEST_TRACE: traceFile,
      }),
    );
    const waitLog: string[] = [];
    try {
      const waiting = waitForSweep(server.url, sweepId, (l) => waitLog.push(l), 200);
      const midway = await until('a score stage half-way', () => stageFileInProgress(spec.dir, 'score', 'step-1.json'), 60_000, 20);
      await server.stop('SIGKILL'); // a crash: only the append-only file survives
      const tDown = Date.now();
      await until('both workers to say Redis is gone', () => workers.every((w) => /worker: lost Redis at/.test(w.output())), 15_000);
      await new Promise((r) => setTimeout(r, 3000));
      await server.restart();
      const tUp = Date.now();
      await waiting;
      const out = workers.map((w) => w.output()).join('');
      expect(out).toMatch(/worker: Redis at redis:\/\/127\.0\.0\.1:\d+ is back after \d+\.\d s/);
      expect(waitLog.join('\n')).toMatch(new RegExp(`sweep ${sweepId}: lost Redis at .*\\n(.*\\n)*sweep ${sweepId}: Redis at .* is back`));
      expect(out).not.toMatch(/job \S+ (stalled|failed)/);

      const trace = readFileSync(traceFile, 'utf8').trim().split('\n').sort();
      // Each computing job ran once: 2 data, 2 extra (shared by λ), 4 score, 4 digest; none resumed or repeated.
      expect(trace.filter((t) => t.startsWith('data ') || t.startsWith('extra '))).toEqual([
        'data lambda_0__seed_1',
        'data lambda_0__seed_2',
        'extra lambda_0__seed_1',
        'extra lambda_0__seed_2',
      ]);
      expect(trace.filter((t) => t.startsWith('score'))).toEqual([
        'score lambda_0.5__seed_1',
        'score lambda_0.5__seed_2',
        'score lambda_0__seed_1',
        'score lambda_0__seed_2',
      ]);
      expect(trace.filter((t) => t.startsWith('digest'))).toHaveLength(4);
      expect(outputHashes(spec.dir, SWEEP_STAGES)).toEqual(outputHashes(seq.dir, SWEEP_STAGES));
      const table = (d: string) => readFileSync(join(d, 'sweep.md'), 'utf8').split('\n').slice(1).join('\n');
      expect(table(spec.dir)).toBe(table(seq.dir));
      const rows = await queueStatus(server.url, sweepId);
      expect(formatStatus(server.url, rows)).toContain(`sweep ${sweepId}: done — 19 of 19 jobs done, 0 active, 0 failed`);
      expect(rows.filter((r) => r.kind === 'stage').map((r) => r.attemptsMade)).toEqual(Array(12).fill(1));
      console.log(`[redis-restart.test] ${midway}/score was midway when Redis died; down ${((tUp - tDown) / 1000).toFixed(1)} s`);
    } finally {
      await Promise.all(workers.map((w) => stopProcess(w.child)));
    }
  }, 120_000);
});
