import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Encoder } from '../../../core/contracts/encoder.js';
import { changedStages, describeChanges, type Provenance, type ProvenanceStage } from './provenance.js';
import { discardUnrefined, finishSetAside, LINEAGE_EVAL_FILE, removeDiscarded, setAside } from './set-aside.js';
import { BASE_ID, LineageStore, STATE_FILE } from './store.js';

export interface SetAsideLineage {
  /** Where the old lineage now is: `<run>/refine/stale-<time>/`. */
  dir: string;
  changed: ProvenanceStage[];
  /** The one-line notice printed for it. */
  notice: string;
}

export interface OpenedLineage {
  store: LineageStore;
  /** The lineage set aside by this opening, or null when the existing one was reused (or there was none). */
  setAside: SetAsideLineage | null;
}

/**
 * The lineage of `<run>/refine/` for the run's stages as they are now (`provenance`).
 *
 * - The base snapshot records the stage outputs it was derived from; when they match the run's,
 *   the lineage is reused as it is (nothing recomputed, no file written).
 * - When they differ (the run was retrained, re-attributed, its topics or features redone), when
 *   the base predates these records, or when models exist without a base, the whole lineage is
 *   moved intact to `refine/stale-<time>/` (never deleted: refinements are a user's work), a
 *   one-line notice names the stages that changed, and a fresh base is taken from `encoder`
 *   (which must hold the run's current train/model weights). A lineage without refinements
 *   (base snapshot only, no eval.json) holds no work: it is replaced, with a notice.
 * - A set-aside that a kill interrupted is completed first.
 */
export async function openLineage(
  refineDir: string,
  encoder: Encoder,
  provenance: Provenance,
  notice: (line: string) => void = () => {},
): Promise<OpenedLineage> {
  const runDir = join(refineDir, '..');
  for (const done of finishSetAside(refineDir))
    notice(`refine: completed moving an old lineage to ${relative(runDir, done)} (an earlier move was interrupted).`);
  removeDiscarded(refineDir);
  const store = new LineageStore(refineDir);
  let aside: SetAsideLineage | null = null;
  const hasBase = store.has(BASE_ID);
  const models = store.list();
  if (models.length > 0 || existsSync(join(refineDir, STATE_FILE))) {
    const was = hasBase ? store.entry(BASE_ID).derivedFrom : undefined;
    const changed = changedStages(was, provenance);
    const refined = models.some((e) => e.id !== BASE_ID) || existsSync(join(refineDir, LINEAGE_EVAL_FILE));
    if (changed.length > 0 && !refined) {
      discardUnrefined(refineDir);
      notice(
        `refine: ${reason(hasBase, was, provenance, changed, 'the base snapshot was taken')}; it held no refinements and was replaced by a snapshot of the run's current model.`,
      );
    } else if (changed.length > 0) {
      const why = reason(hasBase, was, provenance, changed, 'these refinements were made');
      const current = safeCurrent(store);
      const dir = setAside(refineDir, { reason: why, changed, derivedFrom: was ?? null, runNow: provenance });
      const what = `${models.length} model${models.length === 1 ? '' : 's'}${current ? `, current ${current}` : ''}`;
      const line = `refine: ${why}; the old lineage (${what}) was moved intact to ${relative(runDir, dir)}; refining from the run's current model.`;
      notice(line);
      aside = { dir, changed, notice: line };
    }
  }
  await store.init(encoder, join('train', 'model'), provenance);
  return { store, setAside: aside };
}

function reason(hasBase: boolean, was: Provenance | undefined, now: Provenance, changed: ProvenanceStage[], since: string): string {
  if (!hasBase) return 'refine/ holds refined models but no base snapshot';
  if (!was) return 'refine/ predates provenance records, so which trained model it was taken from is unknown';
  return `the run's ${describeChanges(was, now, changed)} since ${since}`;
}

function safeCurrent(store: LineageStore): string | null {
  try {
    return store.current();
  } catch {
    return null;
  }
}
