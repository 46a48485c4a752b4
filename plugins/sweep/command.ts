import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TopiclensError } from '../../core/errors.js';
import { defineCommand } from '../../core/plugin/manifest.js';
import { buildSweepSpec } from './build-spec.js';
import { QUEUE_DEFAULTS } from './queue/settings.js';
import { runSweepLocally } from './local.js';
import { allRuns, writeSpec } from './spec.js';

const usage = `Usage: topiclens sweep [config] --set PATH=V1,V2,… [--set …] [--seeds 1,2,3] [--metrics M1,M2] [--out DIR]
                       [--backend auto|tensorflow|wasm|cpu] [--queue redis://HOST:PORT [--wait] [--feature-shards N]]

Expands a grid (every combination of the --set axes, each run once per seed) into runs, one folder
each, named by its overrides (DIR/lambda_0.1__seed_2/), and runs them. Writes DIR/sweep.md and
DIR/sweep.json: a row per grid point, each metric as mean ± std over the seeds, with links to each
run's report. Stages shared by several runs (the same inputs, e.g. the features and topics of one
seed for every λ) are computed once and linked into the others. Rerunning continues where it
stopped; finished stages are reused.

  --set PATH=V1,V2  an axis: a config path (dots) and its values (JSON, or plain strings)
  --seeds 1,2,3     the seeds every grid point runs with (default: the config's seed)
  --metrics LIST    columns of sweep.md: keys of evaluate/scores.json corpus, of
                    attribute/interpretability.json summary, of transfer/accuracy.json, or
                    FILE.json:dotted.path (default Bleu_4,METEOR,CIDEr,detectorAuroc,accuracy)
  --out DIR         the sweep folder (default <runsDir>/<name>-sweep)
  --backend NAME    tfjs backend for every run
  --queue URL       do not run here: send the runs' stages as BullMQ jobs to the Redis at URL, for
                    \`topiclens worker --queue URL\` processes on any machine that sees DIR at the
                    same path; \`topiclens queue status\` shows progress, the last job writes sweep.md
  --wait            with --queue: wait until the sweep is done and print sweep.md
  --attempts N      with --queue: tries of a stage job before it is reported failed (default ${QUEUE_DEFAULTS.attempts})
  --poll-ms MS      with --queue: how often a run that shares a stage of another run checks
                    whether it is done (default ${QUEUE_DEFAULTS.pollMs})
  --feature-shards N  with --queue: split each run's feature extraction into N jobs by video
                    range, for N workers at once, then consolidate them into the same features/
                    as one job (default ${QUEUE_DEFAULTS.featureShards}). Without --queue the features run in one piece here`;

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'];
const intFlag = (v: unknown, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new TopiclensError(`topiclens sweep: --attempts / --poll-ms / --feature-shards must be positive integers, found "${v}".`, 2);
  return n;
};

export const sweepCommand = defineCommand({
  name: 'sweep',
  summary: 'Run a grid of configs (--set path=v1,v2 × --seeds), here or on BullMQ workers; sweep.md with mean ± std',
  usage,
  flags: {
    set: { type: 'string', multiple: true },
    seeds: { type: 'string' },
    metrics: { type: 'string' },
    out: { type: 'string' },
    backend: { type: 'string' },
    queue: { type: 'string' },
    wait: { type: 'boolean' },
    attempts: { type: 'string' },
    'poll-ms': { type: 'string' },
    'feature-shards': { type: 'string' },
  },
  async run({ values, positionals }, ctx) {
    const backend = values.backend as 'auto' | 'tensorflow' | 'wasm' | 'cpu' | undefined;
    if (backend && !BACKENDS.includes(backend))
      throw new TopiclensError(`topiclens sweep: --backend must be ${BACKENDS.join(', ')}, found "${backend}".`, 2);
    if (positionals.length > 1)
      throw new TopiclensError(
        `topiclens sweep: one config, found ${positionals.length} (${positionals.join(' ')}). Put each axis in a --set.`,
        2,
      );
    const featureShards = intFlag(values['feature-shards'], QUEUE_DEFAULTS.featureShards);
    if (featureShards > 1 && !values.queue)
      ctx.stderr(
        `sweep: --feature-shards ${featureShards} has no effect without --queue: here each run's features are extracted in one piece`,
      );
    if (values.queue) {
      const { assertReachable } = await import('./queue/reachable.js');
      await assertReachable(values.queue as string);
    }
    const spec = await buildSweepSpec(
      {
        config: positionals[0],
        cwd: ctx.cwd,
        sets: (values.set as string[] | undefined) ?? [],
        seeds: values.seeds as string | undefined,
        metrics: values.metrics as string | undefined,
        out: values.out as string | undefined,
      },
      ctx.registry,
    );
    if (backend) spec.backend = backend;
    writeSpec(spec);
    ctx.stderr(`sweep: ${spec.points.length} grid point(s) × ${spec.seeds.length} seed(s) = ${allRuns(spec).length} runs in ${spec.dir}`);
    if (values.queue) {
      const { submitSweep, waitForSweep } = await import('./queue/submit.js');
      const submitted = await submitSweep(spec, ctx.registry, values.queue as string, {
        attempts: intFlag(values.attempts, QUEUE_DEFAULTS.attempts),
        pollMs: intFlag(values['poll-ms'], QUEUE_DEFAULTS.pollMs),
        featureShards,
      });
      ctx.stdout(
        `sweep: sent ${submitted.jobs} jobs (${submitted.shared} shared stages) to ${values.queue} as sweep ${submitted.sweepId}; start workers with \`topiclens worker --queue ${values.queue}\`, follow with \`topiclens queue status --queue ${values.queue}\``,
      );
      if (!values.wait) return 0;
      await waitForSweep(values.queue as string, submitted.sweepId, ctx.stderr);
    } else {
      await runSweepLocally(spec, ctx.registry, { backend, log: ctx.stderr });
    }
    ctx.stdout(readFileSync(join(spec.dir, 'sweep.md'), 'utf8'));
    ctx.stdout(`written: ${spec.dir}/sweep.md, ${spec.dir}/sweep.json`);
    return 0;
  },
});
