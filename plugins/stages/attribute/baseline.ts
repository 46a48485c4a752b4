import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SummaryLike } from './format.js';
import { readInterpretability } from './read-attribute.js';

/**
 * The interpretability summary of run `name` beside `runDir` (same runs folder), to print beside
 * this run's. Undefined when that run has no attribute/interpretability.json yet; `warn` hears why
 * a file that exists could not be used.
 */
export function readBaselineSummary(runDir: string, name: string, warn: (message: string) => void): { name: string; summary: SummaryLike } | undefined {
  if (name === basename(runDir)) return undefined;
  const stageDir = join(dirname(runDir), name, 'attribute');
  if (!existsSync(join(stageDir, 'interpretability.json'))) return undefined;
  try {
    return { name, summary: readInterpretability(stageDir).summary };
  } catch (e) {
    warn(`[attribute] baseline "${name}" not shown: ${(e as Error).message}`);
    return undefined;
  }
}
