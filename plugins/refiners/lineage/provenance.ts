import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TopiclensError } from '../../../core/errors.js';
import { hashDirectory } from '../../../core/runner/hash.js';
import { STAGE_ATTEMPT, STAGE_MANIFEST } from '../../../core/runner/run-experiment.js';

/** The stages whose outputs the refine state is derived from. */
export const PROVENANCE_STAGES = ['features', 'topics', 'train', 'attribute'] as const;
export type ProvenanceStage = (typeof PROVENANCE_STAGES)[number];

/**
 * What refine state was derived from: each stage's output hash, as its `<stage>/manifest.json`
 * records it (`content:<hash>` of the folder when a stage wrote no manifest, `absent` when the
 * run has no such folder).
 */
export type Provenance = Record<ProvenanceStage, string>;

/** The stages the topic means depend on (the encoder, the videos, their topic vectors); not the neuron map. */
export const MEANS_STAGES: readonly ProvenanceStage[] = ['features', 'topics', 'train'];

/** The output hash of one stage of `runDir`; throws when the stage is half-written (running or interrupted). */
export function stageOutputHash(runDir: string, stage: string): string {
  const dir = join(runDir, stage);
  const manifest = join(dir, STAGE_MANIFEST);
  if (existsSync(manifest)) {
    let hash: unknown;
    try {
      hash = (JSON.parse(readFileSync(manifest, 'utf8')) as { outputHash?: unknown }).outputHash;
    } catch (e) {
      throw new TopiclensError(
        `${manifest} is not valid JSON (${(e as Error).message}); rerun the "${stage}" stage (topiclens run <config> --from ${stage}).`,
      );
    }
    if (typeof hash !== 'string' || hash === '')
      throw new TopiclensError(`${manifest} has no "outputHash"; rerun the "${stage}" stage (topiclens run <config> --from ${stage}).`);
    return hash;
  }
  if (existsSync(join(dir, STAGE_ATTEMPT))) {
    throw new TopiclensError(
      `${dir} has an unfinished attempt (${STAGE_ATTEMPT}, no ${STAGE_MANIFEST}): the "${stage}" stage is running or was interrupted. Let it finish (topiclens run <config>) before refining; its outputs may be half-written.`,
    );
  }
  if (!existsSync(dir)) return 'absent';
  return `content:${hashDirectory(dir, [STAGE_MANIFEST, STAGE_ATTEMPT])}`;
}

export function readProvenance(runDir: string): Provenance {
  return Object.fromEntries(PROVENANCE_STAGES.map((s) => [s, stageOutputHash(runDir, s)])) as Provenance;
}

/** The stages (of `stages`) whose hash differs between what state was derived from and now; every stage when `was` is unknown. */
export function changedStages(
  was: Partial<Provenance> | undefined,
  now: Provenance,
  stages: readonly ProvenanceStage[] = PROVENANCE_STAGES,
): ProvenanceStage[] {
  return stages.filter((s) => was?.[s] !== now[s]);
}

/** A hash as people read it: its first 12 hex digits. */
export const shortHash = (h: string | undefined): string => (h === undefined ? 'unrecorded' : h.replace(/^content:/, '').slice(0, 12));

/** "train output 1a2b3c4d5e6f → 7a8b9c0d1e2f, attribute output …". */
export function describeChanges(was: Partial<Provenance> | undefined, now: Provenance, stages: readonly ProvenanceStage[]): string {
  return stages.map((s) => `${s} output ${shortHash(was?.[s])} → ${shortHash(now[s])}`).join(', ');
}
