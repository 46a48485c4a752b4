import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../core/runner/atomic.js';
import { stat, formatStat, type Stat } from '../reproduce/stats.js';
import { table } from '../reproduce/markdown.js';
import { readMetric } from './metrics.js';
import type { SweepSpec } from './spec.js';

export interface SweepRunRow {
  name: string;
  seed: number;
  /** Relative to the sweep folder. */
  dir: string;
  report: string | null;
  metrics: Record<string, number | null>;
}

export interface SweepRow {
  point: string;
  overrides: Record<string, unknown>;
  metrics: Record<string, Stat>;
  runs: SweepRunRow[];
}

export interface SweepSummary {
  config: string;
  axes: string[];
  seeds: number[];
  /** The metrics some run has (columns); a requested one no run has is listed in `absentMetrics`. */
  metrics: string[];
  absentMetrics: string[];
  rows: SweepRow[];
}

/** One row per grid point: each metric as mean ± std over its seeds' runs. */
export function summarizeSweep(spec: SweepSpec): SweepSummary {
  const rows: SweepRow[] = spec.points.map((p) => {
    const runs = p.runs.map((r) => {
      const dir = join(spec.dir, r.name);
      const report = join(r.name, 'report', 'report.html');
      return {
        name: r.name,
        seed: r.seed,
        dir: r.name,
        report: existsSync(join(spec.dir, report)) ? report : null,
        metrics: Object.fromEntries(spec.metrics.map((m) => [m, readMetric(dir, m) ?? null])),
      };
    });
    return {
      point: p.name,
      overrides: Object.fromEntries(p.overrides.map((o) => [o.path.join('.'), o.value])),
      metrics: Object.fromEntries(spec.metrics.map((m) => [m, stat(runs.map((r) => r.metrics[m]))])),
      runs,
    };
  });
  const present = spec.metrics.filter((m) => rows.some((r) => r.metrics[m]!.n > 0));
  return {
    config: spec.configFile,
    axes: spec.axes,
    seeds: spec.seeds,
    metrics: present,
    absentMetrics: spec.metrics.filter((m) => !present.includes(m)),
    rows,
  };
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export function formatSweep(s: SweepSummary): string {
  const axisNames = s.rows[0] ? Object.keys(s.rows[0].overrides) : [];
  const head = [...axisNames, ...s.metrics.map((m) => `${m} (mean ± std)`), 'runs'];
  const body = s.rows.map((r) => [
    ...axisNames.map((a) => `\`${show(r.overrides[a])}\``),
    ...s.metrics.map(
      (m) => `${formatStat(r.metrics[m]!, 4)}${r.metrics[m]!.n < r.runs.length ? ` (${r.metrics[m]!.n} of ${r.runs.length})` : ''}`,
    ),
    r.runs.map((run) => (run.report ? `[s${run.seed}](${run.report})` : `s${run.seed} (no report)`)).join(' '),
  ]);
  return [
    `# Sweep of ${s.config}`,
    '',
    `Axes: ${s.axes.map((a) => `\`--set ${a}\``).join(', ') || '(none)'}; seeds ${s.seeds.join(', ')} (std over seeds, n − 1).`,
    '',
    table(head, body),
    ...(s.absentMetrics.length ? ['', `No run has: ${s.absentMetrics.join(', ')}.`] : []),
    '',
  ].join('\n');
}

/** Write `<sweep>/sweep.json` and `<sweep>/sweep.md`. */
export function writeSweepSummary(spec: SweepSpec): SweepSummary {
  const s = summarizeSweep(spec);
  writeJsonAtomic(join(spec.dir, 'sweep.json'), s);
  writeFileAtomic(join(spec.dir, 'sweep.md'), formatSweep(s));
  return s;
}
