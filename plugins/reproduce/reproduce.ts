import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, PRESETS_DIR } from '../../core/config/index.js';
import { TopiclensError } from '../../core/errors.js';
import type { LoadedConfig } from '../../core/config/types.js';
import type { PluginRegistry } from '../../core/plugin/registry.js';
import { writeFileAtomic, writeJsonAtomic } from '../../core/runner/atomic.js';
import { runExperiment, type RunOptions, type StageOutcome } from '../../core/runner/run-experiment.js';
import { sourceTrainHash } from '../stages/transfer/stage.js';
import { readTransferAccuracyIfAny } from '../stages/transfer/read-accuracy.js';
import { summarizeBlock } from './block.js';
import { checkSameInputs } from './compare.js';
import { formatReproduction } from './format.js';
import { PAPER, type CaptionModelName, type PresetSet } from './paper.js';
import { readCaptionRun } from './read-run.js';
import { commandRefineEval, currentRefiner, refineProtocol, type RefineEvalRunner } from './refine-protocol.js';
import type { Reproduction, RunRecord, SeedResult, WorldBlock } from './types.js';
import { assertSyntheticCaptioning, runName, SYNTHETIC_DATASET, worldOverride } from './world-seeds.js';

export type { Reproduction, RunRecord, SeedResult, WorldBlock } from './types.js';

/** How a worker rebuilds one of reproduce's runs: its generated config file, loaded against `dir`. */
export interface RemoteRunRef {
  configFile: string;
  cwd: string;
  set: [];
  dir: string;
  presetsDir: string;
  backend?: RunOptions['backend'];
  from?: string;
}

export interface ReproduceOptions {
  registry: PluginRegistry;
  seeds: number[];
  presets: PresetSet;
  /** Label of the preset set, for the report (`paper`, `quick`, ...). */
  presetSetName: string;
  /** Where configs/, runs/, reproduction.md and reproduction.json go. */
  outDir: string;
  /** Relative paths in the presets (data, models) resolve against this folder, as for `topiclens run <preset>`. */
  cwd: string;
  presetsDir?: string;
  /** Test videos for the refine protocol on each LSTM-I run (0 = skip it). */
  refineVideos: number;
  /** Generated worlds (synthetic-clips dataset.options.worldSeed), each its own block; empty: the presets' own data. */
  worldSeeds?: number[];
  /** How the refine protocol runs; default: the registry's `refine-eval` command. */
  refineEval?: RefineEvalRunner;
  backend?: RunOptions['backend'];
  output?: RunOptions['output'];
  /**
   * Runs each experiment elsewhere first (`reproduce --queue`: its stages as BullMQ jobs for
   * `topiclens worker`s), given how any machine rebuilds the config; the local pass after it then
   * finds every stage up to date and only reads the results. Returns what ran there, by stage
   * (`ran` with its seconds, or `cached`), for the runs table of reproduction.md.
   */
  remote?: (loaded: LoadedConfig, ref: RemoteRunRef) => Promise<StageOutcome[] | undefined>;
  log?: (line: string) => void;
}

const readJson = <T>(file: string): T | undefined => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined);

interface DatasetSlot {
  type: string;
  options?: { variant?: string; worldSeed?: number };
}

const datasetLabel = (ds: DatasetSlot | undefined): string =>
  ds ? `${ds.type}${ds.options?.variant && ds.options.variant !== 'standard' ? ` (${ds.options.variant})` : ''}` : 'unknown';

/**
 * The paper's experiments, per world and seed: LSTM-B and LSTM-I captioning (train, evaluate,
 * attribute), the three transfer variants, the refine protocol on LSTM-I; then LSTM-B against
 * LSTM-I and our numbers next to the paper's. Every run goes through runExperiment, so finished
 * stages are reused and a rerun after a crash continues where it stopped.
 */
export async function reproduce(o: ReproduceOptions): Promise<Reproduction> {
  const started = Date.now();
  const log = o.log ?? (() => {});
  const presetsDir = o.presetsDir ?? PRESETS_DIR;
  const outDir = resolve(o.outDir);
  const configsDir = join(outDir, 'configs');
  const runsDir = join(outDir, 'runs');
  const worldSeeds = o.worldSeeds ?? [];
  const runs: RunRecord[] = [];
  const notes: string[] = [];
  const refineEval = o.refineEval ?? commandRefineEval(o.registry, o.cwd);
  // With --queue the seeds run at once (each seed's runs in order, as jobs for the workers); what
  // runs in this process (the local pass over finished stages, the refine protocol) still runs one
  // task at a time, as without --queue.
  const here = oneAtATime();

  const presetFile = (name: string): string => {
    const f = join(presetsDir, `${name}.json`);
    if (!existsSync(f)) throw new TopiclensError(`reproduce: preset "${name}" not found (${f}).`, 2);
    return f;
  };
  const datasetOf = async (preset: string): Promise<DatasetSlot | undefined> =>
    (await loadConfig(presetFile(preset), o.registry, { cwd: o.cwd, presetsDir })).config.dataset as DatasetSlot | undefined;

  // Checked before anything runs: a world seed means nothing to a data set that is not generated.
  const datasets = {
    captioning: await datasetOf(o.presets.captioning['LSTM-I']),
    transfer: await datasetOf(o.presets.transfer['LSTM-I']),
  };
  if (worldSeeds.length) {
    for (const m of ['LSTM-B', 'LSTM-I'] as const)
      assertSyntheticCaptioning(o.presets.captioning[m], (await datasetOf(o.presets.captioning[m]))?.type, worldSeeds);
  }
  const transferSynthetic = datasets.transfer?.type === SYNTHETIC_DATASET;
  if (worldSeeds.length && !transferSynthetic) {
    notes.push(
      `The transfer data set (${datasets.transfer?.type}) is not generated: --world-seed changes the captioning runs only; the transfer runs of every world share that data.`,
    );
  }
  mkdirSync(configsDir, { recursive: true });

  const runOne = async (
    role: string,
    preset: string,
    seed: number,
    worldSeed: number | null,
    extra: Record<string, unknown> = {},
    staleSource?: string,
  ): Promise<RunRecord> => {
    const name = runName(preset, seed, worldSeed);
    const file = join(configsDir, `${name}.json`);
    writeFileSync(file, `${JSON.stringify({ extends: presetFile(preset), name, seed, runsDir, ...extra }, null, 2)}\n`);
    const loaded = await loadConfig(file, o.registry, { cwd: o.cwd, presetsDir });
    log(`reproduce: ${role}, seed ${seed}${worldSeed === null ? '' : `, world ${worldSeed}`} (${name})`);
    const t0 = Date.now();
    // A transfer run whose source captioning run was retrained since: its stage inputs (the config) look unchanged, so force it.
    const runDir = join(runsDir, name);
    const recorded = readTransferAccuracyIfAny(join(runDir, 'transfer'));
    const force = staleSource !== undefined && recorded !== undefined && recorded.sourceTrainHash !== sourceTrainHash(staleSource);
    if (force) log(`reproduce: ${name}: the source run ${staleSource} changed since this transfer ran; running the transfer stage again`);
    // Relative data/model paths of the preset resolve against the working directory, as for `topiclens run <preset>`.
    const target = { ...loaded, dir: o.cwd };
    const remote = o.remote
      ? await o.remote(target, {
          configFile: file,
          cwd: o.cwd,
          set: [],
          dir: o.cwd,
          presetsDir,
          ...(o.backend ? { backend: o.backend } : {}),
          ...(force ? { from: 'transfer' } : {}),
        })
      : undefined;
    const result = await here(() =>
      runExperiment(target, o.registry, { backend: o.backend, output: o.output, ...(force && !o.remote ? { from: 'transfer' } : {}) }),
    );
    const stages = o.remote ? withQueued(result.stages, remote ?? []) : result.stages;
    const record: RunRecord = {
      role,
      seed,
      worldSeed,
      preset,
      name,
      runDir: result.runDir,
      stages,
      seconds: (Date.now() - t0) / 1000,
      ...(o.remote ? { queued: true } : {}),
    };
    runs.push(record);
    const ran = stages.filter((s) => s.status === 'ran').map((s) => s.name);
    log(`reproduce: ${name} ${ran.length ? `ran ${ran.join(', ')}` : 'up to date'} (${record.seconds.toFixed(1)}s)`);
    return record;
  };

  const runSeed = async (seed: number, worldSeed: number | null): Promise<SeedResult> => {
    const world = worldOverride(worldSeed);
    const captioning: SeedResult['captioning'] = {};
    for (const model of ['LSTM-B', 'LSTM-I'] as const) {
      const preset = o.presets.captioning[model];
      const rec = await runOne(`captioning ${model}`, preset, seed, worldSeed, world);
      if (rec.stages.find((s) => s.name === 'train')?.status === 'disabled') {
        throw new TopiclensError(
          `reproduce: the train stage is disabled for ${rec.runDir} (the captioning config looks like a transfer config); check preset "${preset}".`,
        );
      }
      captioning[model] = readCaptionRun(rec.runDir);
    }
    const transfer: SeedResult['transfer'] = {};
    for (const model of ['LSTM-B', 'LSTM-I', 'LSTM-R'] as const) {
      const source = model === 'LSTM-R' ? undefined : captioning[model as CaptionModelName]!.runDir;
      const extra = { ...(transferSynthetic ? world : {}), ...(source ? { transfer: { from: source } } : {}) };
      const rec = await runOne(`transfer ${model}`, o.presets.transfer[model], seed, worldSeed, extra, source);
      const acc = readTransferAccuracyIfAny(join(rec.runDir, 'transfer'));
      if (acc) transfer[model] = acc.accuracy;
    }
    const runDir = captioning['LSTM-I']!.runDir;
    const refine = await here(() =>
      refineProtocol({ runDir, videos: o.refineVideos, runner: refineEval, refiner: currentRefiner(o.registry, runDir), log }),
    );
    return { seed, worldSeed, captioning, sameInputs: checkSameInputs(captioning['LSTM-B'], captioning['LSTM-I']), transfer, refine };
  };

  const blocks: WorldBlock[] = [];
  for (const worldSeed of worldSeeds.length ? worldSeeds : [null]) {
    const perSeed: SeedResult[] = [];
    if (o.remote) {
      const first = runs.length;
      perSeed.push(...(await allOrFirstError(o.seeds.map((seed) => runSeed(seed, worldSeed)))));
      // The order a serial call lists its runs in: by seed, then as runSeed runs them.
      const order = (r: RunRecord) => o.seeds.indexOf(r.seed);
      runs.splice(first, runs.length - first, ...runs.slice(first).sort((a, b) => order(a) - order(b)));
    } else {
      for (const seed of o.seeds) perSeed.push(await runSeed(seed, worldSeed));
    }
    const recorded = readJson<{ dataset?: DatasetSlot }>(join(perSeed[0]!.captioning['LSTM-I']!.runDir, 'config.json'))?.dataset;
    const world = recorded?.type === SYNTHETIC_DATASET ? recorded.options?.worldSeed : undefined;
    const title = worldSeed !== null ? `World seed ${worldSeed}` : world !== undefined ? `World seed ${world} (the preset's)` : 'Results';
    blocks.push(summarizeBlock(worldSeed, title, perSeed));
  }

  const synthetic = datasets.captioning?.type === SYNTHETIC_DATASET || transferSynthetic;
  if (synthetic)
    notes.push(
      "Synthetic data (synthetic-clips): our numbers measure the same pipeline on a generated world; they are not comparable in value to the paper's MSVD/UCF11 figures.",
    );
  if (o.seeds.length < 2) notes.push('One seed: no standard deviation.');
  const out: Reproduction = {
    presetSet: o.presetSetName,
    seeds: o.seeds,
    worldSeeds,
    datasets: { captioning: datasetLabel(datasets.captioning), transfer: datasetLabel(datasets.transfer) },
    synthetic,
    paper: PAPER,
    blocks,
    runs,
    notes,
    seconds: (Date.now() - started) / 1000,
  };
  writeJsonAtomic(join(outDir, 'reproduction.json'), out);
  writeFileAtomic(join(outDir, 'reproduction.md'), formatReproduction(out));
  return out;
}

/**
 * The stages of a queued run as they really went: the local pass after the queue finds them up to
 * date (`cached`), but those the workers computed ran, this time, on the queue.
 */
export function withQueued(local: StageOutcome[], queued: StageOutcome[]): StageOutcome[] {
  const byName = new Map(queued.map((q) => [q.name, q]));
  return local.map((s) => {
    const q = byName.get(s.name);
    return q?.status === 'ran' ? { ...s, status: 'ran', seconds: q.seconds } : s;
  });
}

/** Runs the tasks given to it one after another, in the order given. */
function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const next = tail.then(task, task);
    tail = next.catch(() => {});
    return next;
  };
}

/** Like Promise.all, but waits for every task (no seed keeps running unseen after another failed) before throwing the first error. */
async function allOrFirstError<T>(tasks: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}
