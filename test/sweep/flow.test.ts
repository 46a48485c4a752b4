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
    expect(flow.children!.map((c) => [c.opts!.failParentOnFailure, c.opts!.ignoreDependencyOnFailure])).toEqual([[false, true], [false, true]]);
    expect(flow.children![0]!.children![0]!.opts).toMatchObject({ attempts: 3, failParentOnFailure: true });
    expect(flow.children![1]!.children![0]!.children![0]!.opts!.attempts).toBe(1);
  });
});
