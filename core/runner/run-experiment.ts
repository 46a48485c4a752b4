import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { selectBackend, type BackendChoice } from '../backend/select-backend.js';
import type { ExperimentConfig, LoadedConfig } from '../config/types.js';
import { createRunContainer, disposeRunContainer } from '../container/create-run-container.js';
import { validateConfig } from '../config/validate-config.js';
import { TopiclensError } from '../errors.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { cleanDebris, writeJsonAtomic } from './atomic.js';
import { acquireLock } from './lock.js';
import { digestDirectory, sha256, type FileDigest } from './hash.js';
import { planStages, upstreamClosure } from './plan.js';
import { EventFileWriter } from './tensorboard/event-file.js';
import { createRunLogger, type RunLoggerOptions } from './run-logger.js';
import { discardAttempt, openAttempt, publishAttempt, recoverStage } from './stage-attempt.js';
import { stageContext } from './stage-context.js';
import { stageInputHash } from './stage-input-hash.js';

export const STAGE_MANIFEST = 'manifest.json';
export const STAGE_ATTEMPT = '.attempt.json';
export const RUN_INFO = 'run.json';
/** `<run>/.lock`: held by the process writing the run folder (core/runner/lock.ts). */
export const RUN_LOCK = '.lock';

export interface RunOptions {
  /** Force this stage and every later one to run again. */
  from?: string;
  /** Run only up to and including this stage. */
  until?: string;
  /**
   * Run this stage and, where not up to date, the stages it reads (transitively); skip every
   * other stage. What a queue worker runs for one job: the stages it does not read may be
   * running on another machine at the same time.
   */
  only?: string;
  /** Override the config's backend. */
  backend?: ExperimentConfig['backend'];
  /** Console output options (tests pass a sink). */
  output?: Pick<RunLoggerOptions, 'stream' | 'quiet'>;
  /** Called from inside the stages whenever they log or tick progress (see RunLoggerOptions.heartbeat). */
  heartbeat?: () => void;
}

export interface StageOutcome {
  name: string;
  status: 'ran' | 'cached' | 'disabled' | 'skipped';
  seconds: number;
  outputHash?: string;
}

export interface RunResult {
  runDir: string;
  backend: BackendChoice;
  stages: StageOutcome[];
}

interface StageRecord {
  stage: string;
  version: string;
  inputHash: string;
  outputHash: string;
  /** Each output file's size and sha256 (relative paths, `/`-separated); absent in manifests before issue 16. */
  files?: Record<string, FileDigest>;
  finishedAt: string;
  seconds: number;
}

const NOT_OUTPUTS = [STAGE_MANIFEST, STAGE_ATTEMPT];

/** Why a finished stage's folder no longer holds the outputs its manifest records, or null when it does. */
export function outputsProblem(dir: string, record: Pick<StageRecord, 'outputHash' | 'files'>): string | null {
  if (!record.files) {
    return digestDirectory(dir, NOT_OUTPUTS).hash === record.outputHash ? null : 'its files no longer hash to the recorded outputHash';
  }
  for (const [rel, want] of Object.entries(record.files)) {
    const path = join(dir, rel);
    if (!existsSync(path)) return `${rel} is missing`;
    const size = statSync(path).size;
    if (size !== want.size) return `${rel} has ${size} bytes, the manifest records ${want.size}`;
    if (sha256(readFileSync(path)) !== want.sha256) return `${rel} differs from the recorded content (sha256)`;
  }
  return null;
}

export const runDirOf = (loaded: LoadedConfig): string => resolve(loaded.dir, loaded.config.runsDir, loaded.config.name);

const readJson = <T>(path: string): T | undefined => {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
};

/**
 * `topiclens run`: execute the registered stages in order. A stage whose inputs are unchanged
 * since it last finished is skipped; one interrupted mid-way is resumed (`ctx.resuming`) when its
 * inputs are the same, and started afresh otherwise.
 */
export async function runExperiment(loaded: LoadedConfig, registry: PluginRegistry, options: RunOptions = {}): Promise<RunResult> {
  const runDir = runDirOf(loaded);
  mkdirSync(runDir, { recursive: true });
  // One writer per run folder: a second `run` (or `attribute`) fails at once, naming the holder.
  // `only` (a queue worker of issue 19) runs beside other workers of the same run and takes none.
  const say = (line: string) => void (options.output?.quiet ? undefined : (options.output?.stream ?? process.stderr).write(`${line}\n`));
  const lock = options.only ? undefined : acquireLock(join(runDir, RUN_LOCK), `The run folder ${runDir}`, say);
  const atEnd: (() => void)[] = [];
  try {
    return await runLocked(loaded, registry, options, runDir, atEnd);
  } finally {
    for (const f of atEnd) f();
    lock?.release();
  }
}

async function runLocked(
  loaded: LoadedConfig,
  registry: PluginRegistry,
  options: RunOptions,
  runDir: string,
  atEnd: (() => void)[],
): Promise<RunResult> {
  const config = loaded.config;
  writeJsonAtomic(join(runDir, 'config.json'), config);
  // Where relative paths of this config resolve: commands that reopen the run need it.
  writeJsonAtomic(join(runDir, RUN_INFO), { configFile: loaded.file, configDir: loaded.dir, chain: loaded.chain });
  const logFile = join(runDir, 'log.jsonl');
  // TensorBoard scalars beside the stages, not in them: their wall times would make outputs differ between runs.
  const tensorboard = config.tensorboard === true ? new EventFileWriter(join(runDir, 'tensorboard')) : undefined;
  const runLogger = createRunLogger('run', { logFile, tensorboard, ...options.output });

  const backend = await selectBackend(options.backend ?? config.backend);
  runLogger.info(
    `topiclens: run "${config.name}" in ${runDir} on tfjs ${backend.backend} (${backend.provider}${backend.products?.engine === 'mlas' ? ', products on MLAS' : ''})`,
  );
  // Skipped native backends (optional packages) go to log.jsonl and `topiclens doctor`, not to every run's console.
  const skipped = backend.attempts.filter((x) => !x.ok);
  if (skipped.length && process.env.TOPICLENS_VERBOSE)
    runLogger.info(`  skipped ${skipped.map((a) => `${a.candidate} (${a.reason})`).join(', ')}`);
  runLogger.record('start', {
    config: loaded.file,
    backend: backend.backend,
    provider: backend.provider,
    attempts: backend.attempts,
    products: backend.products ?? null,
  });

  const stages = registry.stages();
  const names = stages.map((s) => s.name);
  for (const flag of ['from', 'until', 'only'] as const) {
    const v = options[flag];
    if (v && !names.includes(v)) throw new TopiclensError(`--${flag} ${v}: no such stage. Stages: ${names.join(', ')}`, 2);
  }
  const fromIndex = options.from ? names.indexOf(options.from) : Infinity;
  const untilIndex = options.until ? names.indexOf(options.until) : options.only ? names.indexOf(options.only) : Infinity;
  const needed = options.only ? upstreamClosure(planStages(config, registry), options.only) : undefined;

  for (const line of cleanDebris(runDir, { recursive: false })) runLogger.info(line);
  const container = await createRunContainer(registry, loaded, { logger: runLogger, runDir });
  atEnd.push(() => disposeRunContainer(container)); // no tensors left behind by an in-process run
  const outputs: Record<string, string> = {};
  const outcomes: StageOutcome[] = [];
  for (const [index, stage] of stages.entries()) {
    if (index > untilIndex) break;
    if (stage.enabled && !stage.enabled(config)) {
      outcomes.push({ name: stage.name, status: 'disabled', seconds: 0 });
      continue;
    }
    if (needed && !needed.has(stage.name)) {
      outcomes.push({ name: stage.name, status: 'skipped', seconds: 0 });
      continue;
    }
    const upstream = Object.fromEntries([...stage.after, ...(stage.optionalAfter ?? [])].map((d) => [d, outputs[d] ?? 'absent']));
    const inputHash = stageInputHash(stage, config, registry, upstream);
    const dir = join(runDir, stage.name);
    for (const line of recoverStage(runDir, stage.name)) runLogger.info(`[${stage.name}] ${line}`);
    const finished = readJson<StageRecord>(join(dir, STAGE_MANIFEST));
    if (index < fromIndex && finished?.inputHash === inputHash) {
      const problem = outputsProblem(dir, finished);
      if (!problem) {
        outputs[stage.name] = finished.outputHash;
        outcomes.push({ name: stage.name, status: 'cached', seconds: 0, outputHash: finished.outputHash });
        runLogger.info(`[${stage.name}] up to date (inputs unchanged), skipped`);
        discardAttempt(runDir, stage.name);
        continue;
      }
      runLogger.info(`[${stage.name}] inputs unchanged but ${problem}; running it again`);
      runLogger.record('stage-outputs-changed', { stage: stage.name, problem });
    }
    // The stage writes into a fresh (or its interrupted) attempt; its finished outputs stay until the new ones are complete.
    const attempt = openAttempt(runDir, stage.name, inputHash, index < fromIndex);
    for (const line of attempt.cleaned) runLogger.info(`[${stage.name}] ${line}`);
    const resuming = attempt.resuming;

    const logger = createRunLogger(stage.name, {
      logFile,
      tensorboard,
      ...options.output,
      ...(options.heartbeat ? { heartbeat: options.heartbeat } : {}),
    });
    logger.info(`[${stage.name}] ${resuming ? 'resuming an interrupted attempt' : 'running'}`);
    logger.record('stage-start', { resuming });
    const started = Date.now();
    const ctx = stageContext({
      name: stage.name,
      section: stage.section,
      config,
      configDir: loaded.dir,
      runDir,
      dir: attempt.dir,
      resuming,
      container,
      registry,
      logger,
      knownStages: names,
    });
    try {
      await stage.run(ctx);
    } catch (e) {
      logger.record('stage-failed', { seconds: (Date.now() - started) / 1000, error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
    const seconds = (Date.now() - started) / 1000;
    cleanDebris(attempt.dir);
    const { hash: outputHash, files } = digestDirectory(attempt.dir, NOT_OUTPUTS);
    const record: StageRecord = {
      stage: stage.name,
      version: stage.version,
      inputHash,
      outputHash,
      files,
      finishedAt: new Date().toISOString(),
      seconds,
    };
    publishAttempt(runDir, stage.name, record);
    logger.record('stage-end', { seconds, outputHash });
    logger.info(`[${stage.name}] done in ${seconds.toFixed(1)}s`);
    outputs[stage.name] = outputHash;
    outcomes.push({ name: stage.name, status: 'ran', seconds, outputHash });
  }
  runLogger.record('end', { stages: outcomes });
  return { runDir, backend, stages: outcomes };
}

export const stageFinished = (runDir: string, stage: string): boolean => existsSync(join(runDir, stage, STAGE_MANIFEST));

/**
 * Reopen a finished run as a LoadedConfig (its resolved config.json, relative paths against the
 * original config's folder), optionally with some top-level keys replaced and re-validated.
 */
export function reopenRun(runDir: string, registry: PluginRegistry, overrides: Record<string, unknown> = {}): LoadedConfig {
  const dir = resolve(runDir);
  const file = join(dir, 'config.json');
  const saved = readJson<ExperimentConfig>(file);
  const info = readJson<{ configDir: string; chain: string[] }>(join(dir, RUN_INFO));
  if (!saved || !info)
    throw new TopiclensError(
      `${dir} is not a topiclens run folder (no config.json / ${RUN_INFO}); give the folder \`topiclens run\` wrote, e.g. runs/quick.`,
      2,
    );
  const config = validateConfig({ ...saved, ...overrides } as ExperimentConfig, registry, { file });
  return { config: { ...config, runsDir: dirname(dir), name: basename(dir) }, file, dir: info.configDir, chain: info.chain };
}
