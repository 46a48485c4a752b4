import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cleanDebris, swapDir, writeJsonAtomic } from './atomic.js';

/** Names shared with run-experiment.ts (kept here so that this module imports nothing of it). */
const MANIFEST = 'manifest.json';
const ATTEMPT = '.attempt.json';

/**
 * A stage writes into `<run>/.<stage>.attempt/`, never into `<run>/<stage>/`: the finished
 * outputs stay where they are until the new ones are complete, so a failed or killed re-run loses
 * nothing and readers (later stages, report, studio, refine) see only finished folders.
 */
export const attemptDirOf = (runDir: string, stage: string): string => join(runDir, `.${stage}.attempt`);

let counter = 0;
const asideDirOf = (runDir: string, stage: string): string => join(runDir, `.${stage}.old-${process.pid}-${++counter}`);

const readJson = <T>(path: string): T | undefined => {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
};

export interface OpenedAttempt {
  /** Where the stage writes (ctx.dir). */
  dir: string;
  /** An interrupted attempt with the same inputs is continued. */
  resuming: boolean;
  /** What was cleaned or restored in a resumed attempt (debris of the kill). */
  cleaned: string[];
}

/**
 * Finish what a kill interrupted around publishing: a complete attempt (its manifest written) not
 * yet swapped in is swapped in now. (A stage folder moved aside with no replacement is moved back
 * by cleanDebris of the run folder.) Returns one line per thing done.
 */
export function recoverStage(runDir: string, stage: string): string[] {
  const attempt = attemptDirOf(runDir, stage);
  if (!existsSync(join(attempt, MANIFEST))) return [];
  rmSync(join(attempt, ATTEMPT), { force: true });
  swapDir(join(runDir, stage), attempt, asideDirOf(runDir, stage));
  return [`published the finished attempt ${`.${stage}.attempt`} (its swap into ${stage}/ was interrupted)`];
}

/** Continue the interrupted attempt when it had the same inputs (and `mayResume`), else start a fresh one. */
export function openAttempt(runDir: string, stage: string, inputHash: string, mayResume: boolean): OpenedAttempt {
  const final = join(runDir, stage);
  const dir = attemptDirOf(runDir, stage);
  // Runs before issue 16 wrote attempts into the stage folder itself.
  if (existsSync(join(final, ATTEMPT)) && !existsSync(join(final, MANIFEST)) && !existsSync(dir)) renameSync(final, dir);
  const previous = readJson<{ inputHash?: string }>(join(dir, ATTEMPT));
  const resuming = mayResume && previous?.inputHash === inputHash;
  if (!resuming) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const cleaned = resuming ? cleanDebris(dir) : [];
  writeJsonAtomic(join(dir, ATTEMPT), { inputHash, startedAt: new Date().toISOString() });
  return { dir, resuming, cleaned };
}

/** Make a complete attempt the stage's folder: manifest written into it, then swapped in (the old folder moved aside, then removed). */
export function publishAttempt(runDir: string, stage: string, manifest: unknown): void {
  const dir = attemptDirOf(runDir, stage);
  writeJsonAtomic(join(dir, MANIFEST), manifest);
  rmSync(join(dir, ATTEMPT), { force: true });
  swapDir(join(runDir, stage), dir, asideDirOf(runDir, stage));
}

/** Drop a leftover attempt of a stage that is up to date after all (e.g. a killed `--from` re-run). */
export const discardAttempt = (runDir: string, stage: string): void =>
  rmSync(attemptDirOf(runDir, stage), { recursive: true, force: true });
