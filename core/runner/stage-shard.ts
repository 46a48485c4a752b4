import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { selectBackend } from '../backend/select-backend.js';
import type { LoadedConfig } from '../config/types.js';
import { createRunContainer, disposeRunContainer } from '../container/create-run-container.js';
import { TopiclensError } from '../errors.js';
import type { StageManifest, StageShard } from '../plugin/manifest.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { cleanDebris, isDebris, writeJsonAtomic } from './atomic.js';
import type { FileDigest } from './hash.js';
import { readsOf } from './plan.js';
import { createRunLogger } from './run-logger.js';
import { outputsProblem, runDirOf, STAGE_ATTEMPT, STAGE_MANIFEST, type RunOptions } from './run-experiment.js';
import { openAttempt } from './stage-attempt.js';
import { stageContext } from './stage-context.js';
import { stageInputHash } from './stage-input-hash.js';

/**
 * A stage split across machines (issue 19: feature extraction by video ranges). Each shard job
 * runs `stage.runShard` into its own folder `<run>/.<stage>.shards/<i>-of-<N>/` (one writer per
 * folder, so shard jobs never race each other; resumed like an attempt when its inputs are the
 * same). Once every shard is done, `adoptShards` moves their files into the stage's attempt folder
 * and the ordinary stage job runs the stage, which finds them as an interrupted attempt's work and
 * consolidates: the same outputs, manifest and input hash as the stage computed in one piece.
 */

/** Indices [from, to) of part `s` of `total` items: contiguous, sizes differ by at most one. */
export const shardRange = (total: number, s: StageShard): [number, number] => [
  Math.floor((s.index * total) / s.count),
  Math.floor(((s.index + 1) * total) / s.count),
];

export const shardsRootOf = (runDir: string, stage: string): string => join(runDir, `.${stage}.shards`);
export const shardDirOf = (runDir: string, stage: string, s: StageShard): string =>
  join(shardsRootOf(runDir, stage), `${s.index + 1}-of-${s.count}`);

const readJson = <T>(path: string): T | undefined => {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
};

/** The stage, checked shardable; and its input hash (it reads no other stage, so the config alone decides it). */
export function shardableStage(loaded: LoadedConfig, registry: PluginRegistry, name: string): { stage: StageManifest; inputHash: string } {
  const stage = registry.stages().find((s) => s.name === name);
  if (!stage)
    throw new TopiclensError(
      `No stage "${name}" to split into shards. Stages: ${registry
        .stages()
        .map((s) => s.name)
        .join(', ')}`,
      2,
    );
  if (!stage.runShard) throw new TopiclensError(`Stage "${name}" cannot be split into shards: its plugin has no runShard.`, 2);
  if (readsOf(stage).length)
    throw new TopiclensError(
      `Stage "${name}" cannot be split into shards: it reads other stages (${readsOf(stage).join(', ')}); only stages that read none can.`,
      2,
    );
  if (stage.enabled && !stage.enabled(loaded.config))
    throw new TopiclensError(`Stage "${name}" is disabled for ${loaded.file}: nothing to split into shards.`, 2);
  return { stage, inputHash: stageInputHash(stage, loaded.config, registry, {}) };
}

/** Whether `<run>/<stage>/` is finished with these inputs (then no shard needs to run). */
function upToDate(runDir: string, stage: string, inputHash: string): boolean {
  const finished = readJson<{ inputHash: string; outputHash: string; files?: Record<string, FileDigest> }>(
    join(runDir, stage, STAGE_MANIFEST),
  );
  return finished?.inputHash === inputHash && outputsProblem(join(runDir, stage), finished) === null;
}

export interface ShardOptions {
  stage: string;
  shard: StageShard;
  backend?: RunOptions['backend'];
  output?: RunOptions['output'];
  heartbeat?: () => void;
}

export interface ShardOutcome {
  /** `cached`: the stage is already finished with the same inputs; nothing ran. */
  status: 'ran' | 'cached';
  resuming: boolean;
  seconds: number;
  dir: string;
}

/** Run part `o.shard` of stage `o.stage` of the run into its shard folder (a queue worker's shard job). */
export async function runStageShard(loaded: LoadedConfig, registry: PluginRegistry, o: ShardOptions): Promise<ShardOutcome> {
  const { stage, inputHash } = shardableStage(loaded, registry, o.stage);
  const { index, count } = o.shard;
  if (!Number.isInteger(index) || !Number.isInteger(count) || index < 0 || index >= count)
    throw new TopiclensError(`Shard ${index + 1} of ${count} of stage "${o.stage}": no such part.`, 2);
  const runDir = runDirOf(loaded);
  const dir = shardDirOf(runDir, stage.name, o.shard);
  if (upToDate(runDir, stage.name, inputHash)) return { status: 'cached', resuming: false, seconds: 0, dir };
  const previous = readJson<{ inputHash?: string }>(join(dir, STAGE_ATTEMPT));
  const resuming = previous?.inputHash === inputHash;
  if (!resuming) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (resuming) cleanDebris(dir);
  writeJsonAtomic(join(dir, STAGE_ATTEMPT), { inputHash, shard: o.shard, startedAt: new Date().toISOString() });

  const logger = createRunLogger(stage.name, {
    logFile: join(runDir, 'log.jsonl'),
    ...o.output,
    ...(o.heartbeat ? { heartbeat: o.heartbeat } : {}),
  });
  await selectBackend(o.backend ?? loaded.config.backend);
  const container = await createRunContainer(registry, loaded, { logger, runDir });
  const started = Date.now();
  try {
    logger.info(`[${stage.name}] shard ${index + 1} of ${count}: ${resuming ? 'resuming' : 'running'}`);
    logger.record('shard-start', { index, count, resuming });
    const ctx = stageContext({
      name: stage.name,
      section: stage.section,
      config: loaded.config,
      configDir: loaded.dir,
      runDir,
      dir,
      resuming,
      container,
      registry,
      logger,
    });
    await stage.runShard!(ctx, o.shard);
    const seconds = (Date.now() - started) / 1000;
    logger.record('shard-end', { index, count, seconds });
    return { status: 'ran', resuming, seconds, dir };
  } finally {
    disposeRunContainer(container);
  }
}

/** Every file under `dir` (relative paths), but the shard marker and debris of atomic writes. */
function filesOf(dir: string, rel = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      if (name === STAGE_ATTEMPT || isDebris(name)) return [];
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesOf(path, join(rel, name)) : [join(rel, name)];
    });
}

/**
 * Before the stage job runs the sharded stage: move the files of its shard folders (those with the
 * stage's current inputs, whatever their count: a sweep sent again with another --feature-shards
 * still uses what the first one cached) into its attempt folder, opened (or kept) with those
 * inputs, so that the stage resumes from them. Then the shard folders go. Returns how many files
 * and shard folders were taken.
 */
export function adoptShards(loaded: LoadedConfig, registry: PluginRegistry, name: string): { moved: number; shards: number } {
  const { stage, inputHash } = shardableStage(loaded, registry, name);
  const runDir = runDirOf(loaded);
  const root = shardsRootOf(runDir, stage.name);
  if (!existsSync(root)) return { moved: 0, shards: 0 };
  let moved = 0;
  let shards = 0;
  if (!upToDate(runDir, stage.name, inputHash)) {
    const attempt = openAttempt(runDir, stage.name, inputHash, true);
    for (const part of readdirSync(root).sort()) {
      const dir = join(root, part);
      if (readJson<{ inputHash?: string }>(join(dir, STAGE_ATTEMPT))?.inputHash !== inputHash) continue;
      shards++;
      for (const rel of filesOf(dir)) {
        const target = join(attempt.dir, rel);
        if (existsSync(target)) continue; // the attempt has it already (an adoption interrupted half-way, or two shard counts)
        mkdirSync(dirname(target), { recursive: true });
        renameSync(join(dir, rel), target);
        moved++;
      }
    }
  }
  rmSync(root, { recursive: true, force: true });
  return { moved, shards };
}
