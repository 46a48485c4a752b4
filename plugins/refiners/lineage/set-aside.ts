import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TopiclensError } from '../../../core/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../../core/runner/atomic.js';
import type { Provenance, ProvenanceStage } from './provenance.js';

/** refine-eval's record of a lineage (protocol/eval-file.ts writes it). */
export const LINEAGE_EVAL_FILE = 'eval.json';
/** The files of one lineage under `<run>/refine/`, moved aside together. */
const MOVED = ['models', 'state.json', LINEAGE_EVAL_FILE] as const;
/** Copied, not moved: it carries its own provenance and stays valid when only the neuron map changed. */
const COPIED = ['topic-means.json'] as const;
export const STALE_INFO = 'stale.json';
const PARTIAL = '.partial';
const DISCARDED = '.discarded-';

/** What `stale-<time>/stale.json` records. */
export interface StaleInfo {
  movedAt: string;
  /** One line: which stage outputs changed since the lineage was started. */
  reason: string;
  changed: ProvenanceStage[];
  derivedFrom: Partial<Provenance> | null;
  runNow: Provenance | null;
}

/**
 * Move the lineage of `refineDir` (models/, state.json, eval.json; topic-means.json copied) into
 * a new `refineDir/stale-<time>/`, intact, and return that folder. Crash-safe: the files go into
 * `stale-<time>.partial/` first, which is renamed when complete; `finishSetAside` completes a
 * move that a kill interrupted. No fresh state is written until this returns, so every lineage
 * file still at the top while a `.partial` folder exists belongs to the old lineage.
 */
export function setAside(refineDir: string, info: Omit<StaleInfo, 'movedAt'>, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let name = `stale-${stamp}`;
  for (let n = 2; existsSync(join(refineDir, name)) || existsSync(join(refineDir, name + PARTIAL)); n++) name = `stale-${stamp}-${n}`;
  const partial = join(refineDir, name + PARTIAL);
  mkdirSync(partial, { recursive: true });
  writeJsonAtomic(join(partial, STALE_INFO), { movedAt: now.toISOString(), ...info } satisfies StaleInfo);
  return complete(refineDir, partial);
}

/** Complete every set-aside a kill interrupted; returns the folders completed. */
export function finishSetAside(refineDir: string): string[] {
  if (!existsSync(refineDir)) return [];
  return readdirSync(refineDir)
    .filter((n) => n.startsWith('stale-') && n.endsWith(PARTIAL))
    .sort()
    .map((n) => {
      const partial = join(refineDir, n);
      if (!existsSync(join(partial, STALE_INFO))) {
        const info: StaleInfo = {
          movedAt: new Date().toISOString(),
          reason: 'set aside; the move was interrupted before its reason was recorded',
          changed: [],
          derivedFrom: null,
          runNow: null,
        };
        writeJsonAtomic(join(partial, STALE_INFO), info);
      }
      return complete(refineDir, partial);
    });
}

function complete(refineDir: string, partial: string): string {
  for (const f of COPIED) {
    const from = join(refineDir, f);
    if (existsSync(from) && !existsSync(join(partial, f))) writeFileAtomic(join(partial, f), readFileSync(from));
  }
  for (const f of MOVED) {
    if (!existsSync(join(refineDir, f))) continue;
    if (existsSync(join(partial, f))) {
      throw new TopiclensError(
        `Cannot finish setting aside the old refine lineage: both ${join(refineDir, f)} and ${join(partial, f)} exist. Move one of them out of ${refineDir} by hand, then open the run again.`,
      );
    }
    renameSync(join(refineDir, f), join(partial, f));
  }
  const done = partial.slice(0, -PARTIAL.length);
  renameSync(partial, done);
  return done;
}

/** The set-aside lineages of `refineDir`, oldest first. */
export function staleLineages(refineDir: string): { dir: string; info: StaleInfo }[] {
  if (!existsSync(refineDir)) return [];
  return readdirSync(refineDir)
    .filter((n) => n.startsWith('stale-') && !n.endsWith(PARTIAL) && existsSync(join(refineDir, n, STALE_INFO)))
    .sort()
    .map((n) => ({ dir: join(refineDir, n), info: JSON.parse(readFileSync(join(refineDir, n, STALE_INFO), 'utf8')) as StaleInfo }));
}

/**
 * Remove a lineage that holds no refinement (a base snapshot of a model the run no longer has,
 * and state.json): nothing in it is a user's work. Renamed first, so a kill leaves a
 * `.discarded-*` folder, which `removeDiscarded` clears on the next opening, never a half base.
 */
export function discardUnrefined(refineDir: string): void {
  const tmp = join(refineDir, `${DISCARDED}${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  for (const f of ['models', 'state.json']) if (existsSync(join(refineDir, f))) renameSync(join(refineDir, f), join(tmp, f));
  rmSync(tmp, { recursive: true, force: true });
}

export function removeDiscarded(refineDir: string): void {
  if (!existsSync(refineDir)) return;
  for (const n of readdirSync(refineDir)) if (n.startsWith(DISCARDED)) rmSync(join(refineDir, n), { recursive: true, force: true });
}
