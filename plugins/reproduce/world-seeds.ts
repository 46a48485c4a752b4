import { TopiclensError } from '../../core/errors.js';

/** The data set whose generated world `--world-seed` picks (dataset.options.worldSeed; plugins/datasets/README.md). */
export const SYNTHETIC_DATASET = 'synthetic-clips';

/** `--world-seed 7,11` → [7, 11]; each a non-negative integer, no repeats. */
export function parseWorldSeeds(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const seeds = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
  const bad = parts.filter((_, k) => !Number.isSafeInteger(seeds[k]));
  if (bad.length || !parts.length) {
    throw new TopiclensError(
      `topiclens reproduce: --world-seed takes non-negative integers separated by commas (e.g. --world-seed 7,11), found "${text}".`,
      2,
    );
  }
  const repeated = seeds.filter((s, k) => seeds.indexOf(s) !== k);
  if (repeated.length)
    throw new TopiclensError(`topiclens reproduce: --world-seed ${text} names ${repeated[0]} twice; give each world once.`, 2);
  return seeds;
}

/** `quick-s1` for the preset's own world, `quick-s1-w7` for world seed 7. */
export const runName = (preset: string, seed: number, worldSeed: number | null): string =>
  `${preset}-s${seed}${worldSeed === null ? '' : `-w${worldSeed}`}`;

/** The config override that moves a synthetic-clips run into world `worldSeed` (merged over the preset's dataset). */
export const worldOverride = (worldSeed: number | null): Record<string, unknown> =>
  worldSeed === null ? {} : { dataset: { options: { worldSeed } } };

/** Refuse --world-seed for a captioning preset whose data set is not generated. */
export function assertSyntheticCaptioning(preset: string, datasetType: string | undefined, worldSeeds: number[]): void {
  if (!worldSeeds.length || datasetType === SYNTHETIC_DATASET) return;
  throw new TopiclensError(
    `topiclens reproduce: --world-seed ${worldSeeds.join(',')} picks a generated world of the ${SYNTHETIC_DATASET} data set, but the captioning preset "${preset}" uses the "${datasetType ?? '(none)'}" data set, which has no world seed. Use --preset-set quick (synthetic-clips), or drop --world-seed.`,
    2,
  );
}
