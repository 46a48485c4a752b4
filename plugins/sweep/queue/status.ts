import { Queue, type Job } from 'bullmq';
import { connectionOf, QUEUE_NAME } from './connection.js';
import type { JobData } from './job-data.js';

export const STATES = ['active', 'waiting', 'prioritized', 'waiting-children', 'delayed', 'failed', 'completed'] as const;
export type JobStateName = (typeof STATES)[number];

export interface JobRow {
  id: string;
  sweepId: string;
  state: JobStateName;
  kind: JobData['kind'];
  run: string;
  stage: string;
  attemptsMade: number;
  worker?: string;
  startedAt?: number;
  finishedAt?: number;
  error?: string;
}

const rowOf = (job: Job<JobData>, state: JobStateName): JobRow => {
  const d = job.data;
  return {
    id: job.id!,
    sweepId: d.sweepId,
    state,
    kind: d.kind,
    run: d.kind === 'summary' ? '' : d.run,
    stage:
      d.kind === 'summary'
        ? 'sweep.md'
        : d.kind === 'share'
          ? `${d.stage} (shared from ${d.primaryRun})`
          : d.kind === 'shard'
            ? `${d.stage} shard ${d.index + 1}/${d.count}`
            : d.stage,
    attemptsMade: job.attemptsMade,
    ...(job.processedBy ? { worker: job.processedBy } : {}),
    ...(job.processedOn ? { startedAt: job.processedOn } : {}),
    ...(job.finishedOn ? { finishedAt: job.finishedOn } : {}),
    ...(state === 'failed' && job.failedReason ? { error: job.failedReason } : {}),
  };
};

/** Every job on the queue, by state (optionally of one sweep). */
export async function allJobs(queue: Queue, sweepId?: string): Promise<JobRow[]> {
  const rows: JobRow[] = [];
  for (const state of STATES) {
    const jobs = (await queue.getJobs([state], 0, -1)) as Job<JobData>[];
    for (const j of jobs) if (j?.data && (!sweepId || j.data.sweepId === sweepId)) rows.push(rowOf(j, state));
  }
  return rows;
}

export const sweepJobs = (queue: Queue, sweepId: string): Promise<JobRow[]> => allJobs(queue, sweepId);

const age = (ms: number): string =>
  ms < 60_000 ? `${Math.round(ms / 1000)}s` : ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`;

/** `topiclens queue status`: per sweep, its progress and every job not yet done (active first), with the errors of failed ones. */
export function formatStatus(url: string, rows: JobRow[], o: { all?: boolean; now?: number } = {}): string {
  const now = o.now ?? Date.now();
  if (!rows.length) return `queue ${QUEUE_NAME} at ${url}: no jobs.`;
  const lines: string[] = [];
  const count = (rs: JobRow[], s: string) => rs.filter((r) => r.state === s).length;
  lines.push(`queue ${QUEUE_NAME} at ${url}: ${STATES.map((s) => `${count(rows, s)} ${s}`).join(', ')}`);
  const sweeps = [...new Set(rows.map((r) => r.sweepId))];
  for (const id of sweeps) {
    const rs = rows.filter((r) => r.sweepId === id);
    const root = rs.find((r) => r.kind === 'summary');
    const status = root?.state === 'completed' ? 'done' : root?.state === 'failed' ? 'FAILED' : 'in progress';
    lines.push(
      '',
      `sweep ${id}: ${status} — ${count(rs, 'completed')} of ${rs.length} jobs done, ${count(rs, 'active')} active, ${count(rs, 'failed')} failed`,
    );
    const shown = rs.filter((r) => o.all || r.state !== 'completed');
    for (const r of shown) {
      const when = r.state === 'active' && r.startedAt ? ` for ${age(now - r.startedAt)}` : '';
      const who = r.state === 'active' && r.worker ? ` on ${r.worker}` : '';
      const tries = r.attemptsMade > 1 || r.state === 'failed' ? ` (attempts ${r.attemptsMade})` : '';
      lines.push(`  ${r.state.padEnd(16)} ${(r.run ? `${r.run}/` : '') + r.stage}${who}${when}${tries}`);
      if (r.error) lines.push(`  ${''.padEnd(16)}   error: ${r.error.split('\n')[0]}`);
    }
  }
  return lines.join('\n');
}

export async function queueStatus(url: string, sweepId?: string): Promise<JobRow[]> {
  const queue = new Queue(QUEUE_NAME, { connection: connectionOf(url) });
  try {
    return await allJobs(queue, sweepId);
  } finally {
    await queue.close();
  }
}
