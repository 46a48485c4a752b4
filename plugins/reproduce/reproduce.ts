import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, PRESETS_DIR } from '../../core/config/index.js';
import { TopiclensError } from '../../core/errors.js';
import type { CommandContext } from '../../core/plugin/manifest.js';
import type { PluginRegistry } from '../../core/plugin/registry.js';
import { writeFileAtomic, writeJsonAtomic } from '../../core/runner/atomic.js';
import { runExperiment, type RunOptions, type StageOutcome } from '../../core/runner/run-experiment.js';
import { sourceTrainHash } from '../stages/transfer/stage.js';
import { formatReproduction } from './format.js';
import { PAPER, type CaptionModelName, type PresetSet, type TransferModelName } from './paper.js';
import { stat, type Stat } from './stats.js';

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
  backend?: RunOptions['backend'];
  output?: RunOptions['output'];
  log?: (line: string) => void;
}

export interface RunRecord {
  role: string;
  seed: number;
  preset: string;
  runDir: string;
  stages: StageOutcome[];
  seconds: number;
}

export interface SeedResult {
  seed: number;
  captioning: Partial<Record<CaptionModelName, { Bleu_4?: number; METEOR?: number; ROUGE_L?: number; CIDEr?: number; interpretability?: Record<string, number | null> }>>;
  transfer: Partial<Record<TransferModelName, number>>;
  refine?: { selected: number; requested: number; carriedAfterAll: number; carriedAfterOwn: number; before: Record<string, number>; after: Record<string, number> } | { skipped: string };
}

export interface Reproduction {
  presetSet: string;
  seeds: number[];
  datasets: { captioning: string; transfer: string };
  synthetic: boolean;
  paper: typeof PAPER;
  ours: {
    captioning: Record<string, { Bleu_4: Stat; METEOR: Stat }>;
    interpretability: Record<string, { meanAuroc: Stat; consistency: Stat; groundTruthAgreement: Stat }>;
    transfer: Record<string, Stat>;
    refine: { gained: Stat; selected: Stat; Bleu_4After: Stat; METEORAfter: Stat; Bleu_4Before: Stat; METEORBefore: Stat };
  };
  perSeed: SeedResult[];
  runs: RunRecord[];
  notes: string[];
  seconds: number;
}

const readJson = <T>(file: string): T | undefined => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined);

/**
 * The paper's experiments, per seed: LSTM-B and LSTM-I captioning (train, evaluate, attribute),
 * the three transfer variants, the refine protocol on LSTM-I; then our numbers next to the
 * paper's. Every run goes through runExperiment, so finished stages are reused and a rerun after
 * a crash continues where it stopped.
 */
export async function reproduce(o: ReproduceOptions): Promise<Reproduction> {
  const started = Date.now();
  const log = o.log ?? (() => {});
  const presetsDir = o.presetsDir ?? PRESETS_DIR;
  const outDir = resolve(o.outDir);
  const configsDir = join(outDir, 'configs');
  const runsDir = join(outDir, 'runs');
  mkdirSync(configsDir, { recursive: true });
  const runs: RunRecord[] = [];
  const notes: string[] = [];
  const perSeed: SeedResult[] = [];
  let captionDataset = '';
  let transferDataset = '';

  const presetFile = (name: string): string => {
    const f = join(presetsDir, `${name}.json`);
    if (!existsSync(f)) throw new TopiclensError(`reproduce: preset "${name}" not found (${f}).`, 2);
    return f;
  };
  const runOne = async (role: string, preset: string, seed: number, extra: Record<string, unknown> = {}, staleSource?: string): Promise<RunRecord> => {
    const name = `${preset}-s${seed}`;
    const file = join(configsDir, `${name}.json`);
    writeFileSync(file, `${JSON.stringify({ extends: presetFile(preset), name, seed, runsDir, ...extra }, null, 2)}\n`);
    const loaded = await loadConfig(file, o.registry, { cwd: o.cwd, presetsDir });
    log(`reproduce: ${role}, seed ${seed} (${name})`);
    const t0 = Date.now();
    // Relative data/model paths of the preset resolve against the working directory, as for `topiclens run <preset>`.
    // A transfer run whose source captioning run was retrained since: its stage inputs (the config) look unchanged, so force it.
    const runDir = join(runsDir, name);
    const recorded = readJson<{ sourceTrainHash?: string | null }>(join(runDir, 'transfer', 'accuracy.json'));
    const force = staleSource !== undefined && recorded !== undefined && recorded.sourceTrainHash !== sourceTrainHash(staleSource);
    if (force) log(`reproduce: ${name}: the source run ${staleSource} changed since this transfer ran; running the transfer stage again`);
    const result = await runExperiment({ ...loaded, dir: o.cwd }, o.registry, { backend: o.backend, output: o.output, ...(force ? { from: 'transfer' } : {}) });
    const record: RunRecord = { role, seed, preset, runDir: result.runDir, stages: result.stages, seconds: (Date.now() - t0) / 1000 };
    runs.push(record);
    const ran = result.stages.filter((s) => s.status === 'ran').map((s) => s.name);
    log(`reproduce: ${name} ${ran.length ? `ran ${ran.join(', ')}` : 'up to date'} (${record.seconds.toFixed(1)}s)`);
    const cfg = readJson<{ dataset?: { type: string; options?: { variant?: string } } }>(join(result.runDir, 'config.json'));
    const ds = cfg?.dataset ? `${cfg.dataset.type}${cfg.dataset.options?.variant && cfg.dataset.options.variant !== 'standard' ? ` (${cfg.dataset.options.variant})` : ''}` : 'unknown';
    if (role.startsWith('captioning')) captionDataset = ds;
    else transferDataset = ds;
    return record;
  };

  for (const seed of o.seeds) {
    const r: SeedResult = { seed, captioning: {}, transfer: {} };
    const captionRuns: Partial<Record<CaptionModelName, RunRecord>> = {};
    for (const model of ['LSTM-B', 'LSTM-I'] as const) {
      const rec = await runOne(`captioning ${model}`, o.presets.captioning[model], seed);
      captionRuns[model] = rec;
      if (rec.stages.find((s) => s.name === 'train')?.status === 'disabled') {
        throw new TopiclensError(`reproduce: the train stage is disabled for ${rec.runDir} (the captioning config looks like a transfer config); check preset "${o.presets.captioning[model]}".`);
      }
      const scores = readJson<{ corpus: Record<string, number> }>(join(rec.runDir, 'evaluate', 'scores.json'));
      const interp = readJson<{ summary: Record<string, number | null> }>(join(rec.runDir, 'attribute', 'interpretability.json'));
      r.captioning[model] = { ...(scores?.corpus ?? {}), interpretability: interp?.summary };
    }
    for (const model of ['LSTM-B', 'LSTM-I', 'LSTM-R'] as const) {
      const source = model === 'LSTM-R' ? undefined : captionRuns[model]!.runDir;
      const rec = await runOne(`transfer ${model}`, o.presets.transfer[model], seed, source ? { transfer: { from: source } } : {}, source);
      const acc = readJson<{ accuracy: number }>(join(rec.runDir, 'transfer', 'accuracy.json'));
      if (acc) r.transfer[model] = acc.accuracy;
    }
    const refine = await refineStep(o, captionRuns['LSTM-I']!.runDir, log);
    r.refine = refine;
    if (refine && 'skipped' in refine) notes.push(`seed ${seed}: refine protocol skipped: ${refine.skipped}`);
    perSeed.push(r);
  }

  const refined = perSeed.map((s) => (s.refine && !('skipped' in s.refine) ? s.refine : undefined));
  const synthetic = /synthetic/.test(captionDataset) || /synthetic/.test(transferDataset);
  if (synthetic) notes.push('Synthetic data (synthetic-clips): our numbers measure the same pipeline on a generated world; they are not comparable in value to the paper\'s MSVD/UCF11 figures.');
  if (o.seeds.length < 2) notes.push('One seed: no standard deviation.');
  const out: Reproduction = {
    presetSet: o.presetSetName,
    seeds: o.seeds,
    datasets: { captioning: captionDataset, transfer: transferDataset },
    synthetic,
    paper: PAPER,
    ours: {
      captioning: Object.fromEntries((['LSTM-B', 'LSTM-I'] as const).map((m) => [m, { Bleu_4: stat(perSeed.map((s) => s.captioning[m]?.Bleu_4)), METEOR: stat(perSeed.map((s) => s.captioning[m]?.METEOR)) }])),
      interpretability: Object.fromEntries(
        (['LSTM-B', 'LSTM-I'] as const).map((m) => {
          const i = (k: string) => stat(perSeed.map((s) => s.captioning[m]?.interpretability?.[k] ?? null));
          return [m, { meanAuroc: i('meanAuroc'), consistency: i('consistency'), groundTruthAgreement: i('groundTruthAgreement') }];
        }),
      ),
      transfer: Object.fromEntries((['LSTM-B', 'LSTM-I', 'LSTM-R'] as const).map((m) => [m, stat(perSeed.map((s) => s.transfer[m]))])),
      refine: {
        gained: stat(refined.map((x) => x?.carriedAfterOwn)),
        selected: stat(refined.map((x) => x?.selected)),
        Bleu_4After: stat(refined.map((x) => x?.after.Bleu_4)),
        METEORAfter: stat(refined.map((x) => x?.after.METEOR)),
        Bleu_4Before: stat(refined.map((x) => x?.before.Bleu_4)),
        METEORBefore: stat(refined.map((x) => x?.before.METEOR)),
      },
    },
    perSeed,
    runs,
    notes,
    seconds: (Date.now() - started) / 1000,
  };
  writeJsonAtomic(join(outDir, 'reproduction.json'), out);
  writeFileAtomic(join(outDir, 'reproduction.md'), formatReproduction(out));
  return out;
}

/** The Sec. 4 protocol on the LSTM-I run through the `refine-eval` command, reusing its refine-eval.json when it is newer than the run's model. */
async function refineStep(o: ReproduceOptions, runDir: string, log: (line: string) => void): Promise<SeedResult['refine']> {
  if (o.refineVideos <= 0) return { skipped: 'disabled (--refine-videos 0)' };
  const command = o.registry.command('refine-eval');
  if (!command) return { skipped: 'no refine-eval command is registered' };
  const map = join(runDir, 'attribute', 'neuron-topic-map.json');
  if (!existsSync(map)) return { skipped: `the run has no neuron-topic map (${map}); the attribute stage did not run` };
  const file = join(runDir, 'refine-eval.json');
  const inputs = [join(runDir, 'train', 'manifest.json'), join(runDir, 'attribute', 'manifest.json')].filter(existsSync);
  const fresh = existsSync(file) && inputs.every((f) => statSync(f).mtimeMs <= statSync(file).mtimeMs);
  type Result = { requested: number; selected: number; carriedAfterAll: number; carriedAfterOwn: number; scores: { before: Record<string, number>; after: Record<string, number> } };
  let result = fresh ? readJson<Result>(file) : undefined;
  if (result && result.requested !== o.refineVideos) result = undefined;
  if (!result) {
    log(`reproduce: refine protocol on ${runDir} (${o.refineVideos} videos)`);
    const lines: string[] = [];
    const ctx: CommandContext = { registry: o.registry, cwd: o.cwd, stdout: (t) => lines.push(t), stderr: (t) => log(`  ${t}`) };
    try {
      const code = await command.run([runDir, '--videos', String(o.refineVideos)], ctx);
      if (code !== 0) return { skipped: `refine-eval exited with code ${code}` };
    } catch (e) {
      return { skipped: `refine-eval failed: ${(e as Error).message}` };
    }
    result = readJson<Result>(file);
    if (!result) return { skipped: `refine-eval wrote no ${file}` };
  }
  return { selected: result.selected, requested: result.requested, carriedAfterAll: result.carriedAfterAll, carriedAfterOwn: result.carriedAfterOwn, before: result.scores.before, after: result.scores.after };
}
