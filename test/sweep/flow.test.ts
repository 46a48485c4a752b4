import type { FlowJob } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { buildFlow, type PlannedRun } from '../../plugins/sweep/queue/flow.js';

const run = (name: string, keys: Record<string, string>): PlannedRun => ({
  name,
  runDir: `/root/${name}`,
  ref: { configFile: '/root/exp.json', cwd: '/root', set: [] },
  plan: [
    { name: 'data', deps: [], key: keys.data! },
    { name: 'score', deps: ['data'], key: keys.score! },
    { name: 'extra', deps: ['data'], key: keys.extra! },
    { name: 'digest', deps: ['score', 'extra'], key: keys.digest! },
  ],
});

/** `id <- [children]` lines, depth-first, for reading the tree in a test. */
const lines = (j: FlowJob, depth = 0): string[] => [
  `${'  '.repeat(depth)}${j.opts!.jobId} ${(j.data as { kind: string }).kind}${(j.data as { primaryId?: string }).primaryId ? ` waits for ${(j.data as { primaryId: string }).primaryId}` : ''}`,
  ...(j.children ?? []).flatMap((c) => lines(c, depth + 1)),
];

describe('the sweep as a BullMQ flow (a tree over the stage DAG)', () => {
  it('computes each plan key once; every other need of it is a share job that waits for that one', () => {
    const a = run('a', { data: 'D', score: 'S1', extra: 'E', digest: 'G1' });
    const b = run('b', { data: 'D', score: 'S2', extra: 'E', digest: 'G2' }); // another λ: same data and extra
    const { flow, jobs, shared } = buildFlow([a, b], { sweepId: 'sw', attempts: 3, pollMs: 100, summary: { specDir: '/root' } });
    expect(lines(flow)).toEqual([
      'sw|summary summary',
      '  sw|a|digest stage',
      '    sw|a|score stage',
      '      sw|a|data stage',
      '    sw|a|extra stage',
      '      sw|a|data|for|extra share waits for sw|a|data',
      '  sw|b|digest stage',
      '    sw|b|score stage',
      '      sw|b|data|for|score share waits for sw|a|data',
      '    sw|b|extra|for|digest share waits for sw|a|extra',
    ]);
    expect([jobs, shared]).toEqual([10, 3]);
    // A failed stage fails what reads it, but a failed run does not stop the summary; share jobs are not retried.
    expect(flow.children!.map((c) => [c.opts!.failParentOnFailure, c.opts!.ignoreDependencyOnFailure])).toEqual([
      [false, true],
      [false, true],
    ]);
    expect(flow.children![0]!.children![0]!.opts).toMatchObject({ attempts: 3, failParentOnFailure: true });
    expect(flow.children![1]!.children![0]!.children![0]!.opts!.attempts).toBe(1);
  });

  it('splits a stage that reads nothing into shard jobs, children of the job that consolidates them; runs sharing it wait for that job', () => {
    const a = run('a', { data: 'D', score: 'S1', extra: 'E', digest: 'G1' });
    const b = run('b', { data: 'D', score: 'S2', extra: 'E', digest: 'G2' });
    const { flow, jobs } = buildFlow([a, b], {
      sweepId: 'sw',
      attempts: 3,
      pollMs: 100,
      shards: { data: 3, score: 2 },
      summary: { specDir: '/root' },
    });
    const tree = lines(flow);
    expect(tree.slice(2, 8)).toEqual([
      '    sw|a|score stage', // score reads data: not split
      '      sw|a|data stage',
      '        sw|a|data|shard-1-of-3 shard',
      '        sw|a|data|shard-2-of-3 shard',
      '        sw|a|data|shard-3-of-3 shard',
      '    sw|a|extra stage',
    ]);
    expect(tree).toContain('      sw|b|data|for|score share waits for sw|a|data');
    expect(jobs).toBe(10 + 3);
    const data = flow.children![0]!.children![0]!.children![0]!;
    expect(data.data).toMatchObject({ kind: 'stage', stage: 'data', shards: 3 });
    expect(
      data.children!.map((c) => [
        (c.data as { index: number }).index,
        (c.data as { count: number }).count,
        c.opts!.attempts,
        c.opts!.failParentOnFailure,
      ]),
    ).toEqual([
      [0, 3, 3, true],
      [1, 3, 3, true],
      [2, 3, 3, true],
    ]);
    // A --from re-run is not split (the stage runs again in one piece).
    const forced = buildFlow([{ ...a, ref: { ...a.ref, from: 'data' } }], { sweepId: 'sw', attempts: 3, pollMs: 100, shards: { data: 3 } });
    expect(forced.jobs).toBe(6);
  });
});
