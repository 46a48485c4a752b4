import { join, resolve } from 'node:path';
import { selectBackend } from '../../../core/backend/select-backend.js';
import { resolvedOptions } from '../../../core/config/resolve-options.js';
import type { ExperimentConfig } from '../../../core/config/types.js';
import { standalonePluginContext } from '../../../core/container/standalone-context.js';
import type { Metric } from '../../../core/contracts/metric.js';
import type { Refiner } from '../../../core/contracts/refiner.js';
import { TopiclensError } from '../../../core/errors.js';
import type { CommandContext } from '../../../core/plugin/manifest.js';
import type { PluginRegistry } from '../../../core/plugin/registry.js';
import { runModelLoader } from '../session/load-run-model.js';
import { readStageJson } from '../session/read-json.js';
import { runRefinerSettings, type RefinerSettings } from '../session/refiner-settings.js';
import type { RunModelLoader } from '../session/run-model.js';
import { RefineSession } from '../session/session.js';

/** What the commands need that tests replace: how to load a run's model. */
export interface RefineDeps {
  loadModel?: (registry: PluginRegistry) => RunModelLoader;
}

export interface RefinerOverrides {
  mu?: number;
  steps?: number;
  learningRate?: number;
  gain?: number;
  anchorVideos?: number;
  anchorWeight?: number;
  anchorVideosWithTopic?: number;
  anchorBatch?: number;
}

/** The run's refiner (its config's `refiner` slot, else `eq10`), with command-line overrides, resolved and validated. */
export async function runRefiner(
  registry: PluginRegistry,
  runDir: string,
  overrides: RefinerOverrides,
): Promise<{ refiner: Refiner; info: RefinerSettings }> {
  const file = join(runDir, 'config.json');
  const config = readStageJson(file, 'run') as ExperimentConfig;
  const info = runRefinerSettings(registry, config.refiner, `${file} "refiner" with the command-line overrides`, { ...overrides });
  const ctx = standalonePluginContext({ configDir: runDir, runDir, seed: config.seed ?? 0 });
  return { refiner: await registry.get('refiner', info.type).create(info.options, ctx), info };
}

/** The session of refine, refine-eval and studio: the run folder is the first positional, REFINER_FLAGS override its refiner. */
export async function openSession(
  ctx: CommandContext,
  command: string,
  args: { values: RefinerFlagValues; positionals: string[] },
  deps: RefineDeps,
): Promise<RefineSession> {
  const overrides = refinerOverrides(command, args.values); // a bad flag is reported before the run is read
  const runArg = args.positionals[0];
  if (!runArg) throw new TopiclensError(`topiclens ${command}: give the run folder (runs/<name>). See \`topiclens ${command} --help\`.`, 2);
  const runDir = resolve(ctx.cwd, runArg);
  const config = readStageJson(join(runDir, 'config.json'), 'run') as ExperimentConfig;
  await selectBackend(config.backend ?? 'auto'); // the run's tfjs backend (wasm when no native TF)
  const { refiner, info } = await runRefiner(ctx.registry, runDir, overrides);
  const loadModel = (deps.loadModel ?? runModelLoader)(ctx.registry);
  return RefineSession.open(runDir, { loadModel, refiner, refinerInfo: info, notice: ctx.stderr });
}

/** Metric plugins by name from the registry, with their default options. */
export async function metricsByName(registry: PluginRegistry, names: string[], runDir: string): Promise<Metric[]> {
  const out: Metric[] = [];
  for (const n of names) {
    const manifest = registry.get('metric', n);
    out.push(
      await manifest.create(resolvedOptions(manifest, {}, { file: `metric ${n}` }), standalonePluginContext({ configDir: runDir, runDir })),
    );
  }
  return out;
}

/** The command-line flags that override the run's refiner options, shared by refine, refine-eval and studio. */
export const REFINER_FLAGS = {
  mu: { type: 'string' },
  steps: { type: 'string' },
  lr: { type: 'string' },
  gain: { type: 'string' },
  anchors: { type: 'string' },
  'anchor-weight': { type: 'string' },
  'anchors-with-topic': { type: 'string' },
  'anchor-batch': { type: 'string' },
} as const;

type RefinerFlagValues = Partial<Record<keyof typeof REFINER_FLAGS, string>>;

/** The overrides those flags give (undefined where a flag is absent). */
function refinerOverrides(command: string, values: RefinerFlagValues): RefinerOverrides {
  return {
    mu: numberFlag(command, 'mu', values.mu),
    steps: numberFlag(command, 'steps', values.steps, true),
    learningRate: numberFlag(command, 'lr', values.lr),
    gain: numberFlag(command, 'gain', values.gain),
    anchorVideos: numberFlag(command, 'anchors', values.anchors, true),
    anchorWeight: numberFlag(command, 'anchor-weight', values['anchor-weight']),
    anchorVideosWithTopic: numberFlag(command, 'anchors-with-topic', values['anchors-with-topic'], true),
    anchorBatch: numberFlag(command, 'anchor-batch', values['anchor-batch'], true),
  };
}

export const numberFlag = (command: string, name: string, value: string | undefined, integer = false): number | undefined => {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isFinite(x) || (integer && !Number.isInteger(x)))
    throw new TopiclensError(`topiclens ${command}: --${name} must be ${integer ? 'an integer' : 'a number'}, found "${value}".`, 2);
  return x;
};
