import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TopiclensError } from '../../core/errors.js';
import { defineCommand } from '../../core/plugin/manifest.js';
import { acquireLock } from '../../core/runner/lock.js';
import { RUN_LOCK } from '../../core/runner/run-experiment.js';
import { buildReport } from './build-report.js';

export const reportCommand = defineCommand({
  name: 'report',
  summary: "Regenerate a run's HTML report (report/report.html), optionally beside a second run",
  usage: `Usage: topiclens report <runDir> [--compare <runDir>]

Writes <runDir>/report/report.html — one self-contained page (opens from disk, no network) with the
topic table, caption scores next to the paper's, per-topic mean activations (Fig. 3), topic
neurons through time (Fig. 4), the neuron–topic map, training curves and sample captions — and
<runDir>/report/data/<chart>.json and .csv with the data of every chart and table. Sections whose
inputs are missing say which stage writes them.

  --compare DIR   show a second run beside the first (e.g. the LSTM-B run next to the LSTM-I run)`,
  flags: { compare: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    if (positionals.length !== 1) {
      throw new TopiclensError(
        `topiclens report: expected one run folder, found ${positionals.length ? positionals.join(' ') : 'none'}. See \`topiclens report --help\`.`,
        2,
      );
    }
    const compare = values.compare === undefined ? undefined : resolve(ctx.cwd, values.compare as string);
    const runDir = resolve(ctx.cwd, positionals[0]!);
    // It writes <run>/report/: not while a `run` (or another report) writes the run folder.
    const lock = existsSync(runDir) ? acquireLock(join(runDir, RUN_LOCK), `The run folder ${runDir}`, (l) => ctx.stderr(l)) : undefined;
    let result: ReturnType<typeof buildReport>;
    try {
      result = buildReport(runDir, { compare });
    } finally {
      lock?.release();
    }
    const missing = [...new Set(result.missing)];
    for (const m of missing) ctx.stderr(`note: ${m}`);
    ctx.stdout(
      `report: ${result.file}\n  ${result.charts.length} charts, ${result.data.length} data files in ${result.dataDir}${missing.length ? `\n  ${missing.length} input${missing.length === 1 ? '' : 's'} missing (see the notes above)` : ''}`,
    );
    return 0;
  },
});
