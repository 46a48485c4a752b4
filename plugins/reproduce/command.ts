import { resolve } from 'node:path';
import { TopiclensError } from '../../core/errors.js';
import { defineCommand, type CommandContext } from '../../core/plugin/manifest.js';
import { QUEUE_DEFAULTS } from '../sweep/queue/settings.js';
import { formatReproduction } from './format.js';
import { PRESET_SETS } from './paper.js';
import { reproduce, type ReproduceOptions } from './reproduce.js';
import { parseWorldSeeds } from './world-seeds.js';

const usage = `Usage: topiclens reproduce [--seeds 3] [--preset-set paper|quick] [--out DIR] [--refine-videos 20] [--world-seed N[,M…]] [--backend auto|tensorflow|wasm|cpu] [--queue redis://HOST:PORT [--feature-shards N]]

Runs the paper's experiments for seeds 1..N: LSTM-B and LSTM-I captioning (train, evaluate,
attribute), the three transfer variants of Table 3 (LSTM-B / LSTM-I with frozen encoders from
those runs, LSTM-R from random init), and the refine protocol of Sec. 4 on LSTM-I; then writes
DIR/reproduction.md and DIR/reproduction.json with our numbers (mean ± std over seeds) next to
the paper's, LSTM-B against LSTM-I for every captioning and interpretability score (paired by
seed), and the quick preset's targets marked met / not met. Runs go to
DIR/runs/<preset>-s<seed> (with --world-seed: <preset>-s<seed>-w<world>); finished stages are
reused, so running the command again after a crash continues where it stopped.

  --seeds N          number of seeds (1..N), default 3
  --preset-set SET   paper (lstm-b, lstm-i on MSVD; transfer on UCF11) or quick (synthetic-clips), default paper
  --out DIR          output folder, default runs/reproduce-<set>
  --refine-videos N  test videos for the refine protocol (0 = skip), default 20
  --world-seed N,M   generated worlds to run in (synthetic-clips dataset.options.worldSeed), each its own
                     section; only for a synthetic-clips captioning data set (--preset-set quick)
  --queue URL        run each experiment's stages as BullMQ jobs on \`topiclens worker --queue URL\`
                     processes (any machine that sees DIR at the same path), all seeds at once
                     (each seed's runs in order); the refine protocol and the tables are computed here
  --feature-shards N with --queue: split each run's feature extraction into N jobs by video range
                     (N workers at once), consolidated into the same features/ (default ${QUEUE_DEFAULTS.featureShards})`;

/** `--queue`: each run's stages go to BullMQ workers (loaded only when asked for). */
async function queueRemote(url: string, ctx: CommandContext, featureShards: number): Promise<NonNullable<ReproduceOptions['remote']>> {
  const { runQueued } = await import('../sweep/queue/run-queued.js');
  const { assertReachable } = await import('../sweep/queue/reachable.js');
  await assertReachable(url);
  return (loaded, ref) => runQueued(url, loaded, ref, ctx.registry, { log: ctx.stderr, featureShards });
}

export const reproduceCommand = defineCommand({
  name: 'reproduce',
  summary: "Run the paper's experiments over several seeds and put our numbers next to the paper's",
  usage,
  flags: {
    seeds: { type: 'string' },
    'preset-set': { type: 'string' },
    out: { type: 'string' },
    'refine-videos': { type: 'string' },
    backend: { type: 'string' },
    'world-seed': { type: 'string' },
    queue: { type: 'string' },
    'feature-shards': { type: 'string' },
  },
  async run({ values }, ctx) {
    const seeds = Number(values.seeds ?? 3);
    if (!Number.isInteger(seeds) || seeds < 1)
      throw new TopiclensError(`topiclens reproduce: --seeds must be a positive integer, found "${values.seeds}".`, 2);
    const setName = (values['preset-set'] ?? 'paper') as string;
    const set = PRESET_SETS[setName as keyof typeof PRESET_SETS];
    if (!set) throw new TopiclensError(`topiclens reproduce: --preset-set must be paper or quick, found "${setName}".`, 2);
    const refineVideos = Number(values['refine-videos'] ?? 20);
    if (!Number.isInteger(refineVideos) || refineVideos < 0)
      throw new TopiclensError(
        `topiclens reproduce: --refine-videos must be a non-negative integer, found "${values['refine-videos']}".`,
        2,
      );
    const backend = values.backend as 'auto' | 'tensorflow' | 'wasm' | 'cpu' | undefined;
    if (backend && !['auto', 'tensorflow', 'wasm', 'cpu'].includes(backend))
      throw new TopiclensError(`topiclens reproduce: --backend must be auto, tensorflow, wasm or cpu, found "${backend}".`, 2);
    const worldSeeds = values['world-seed'] === undefined ? [] : parseWorldSeeds(values['world-seed'] as string);
    const featureShards = Number(values['feature-shards'] ?? QUEUE_DEFAULTS.featureShards);
    if (!Number.isInteger(featureShards) || featureShards < 1)
      throw new TopiclensError(`topiclens reproduce: --feature-shards must be a positive integer, found "${values['feature-shards']}".`, 2);
    if (featureShards > 1 && !values.queue)
      ctx.stderr(
        `reproduce: --feature-shards ${featureShards} has no effect without --queue: here each run's features are extracted in one piece`,
      );
    const outDir = resolve(ctx.cwd, (values.out as string | undefined) ?? `runs/reproduce-${setName}`);
    const result = await reproduce({
      registry: ctx.registry,
      seeds: Array.from({ length: seeds }, (_, i) => i + 1),
      presets: set,
      presetSetName: setName,
      outDir,
      cwd: ctx.cwd,
      refineVideos,
      worldSeeds,
      backend,
      log: ctx.stderr,
      ...(values.queue ? { remote: await queueRemote(values.queue as string, ctx, featureShards) } : {}),
    });
    ctx.stdout(formatReproduction(result));
    ctx.stdout(`written: ${outDir}/reproduction.md, ${outDir}/reproduction.json`);
    return 0;
  },
});
