import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SummaryLike } from './format.js';
import { ATTRIBUTE_FILES, readInterpretability } from './read-attribute.js';

/**
 * The interpretability summary of run `name` beside `runDir` (same runs folder), to print beside
 * this run's, when both are scored on the same split. Undefined when that run has no attribute/interpretability.json yet; `warn` hears why
 * a file that exists could not be used.
 */
export function readBaselineSummary(
  runDir: string,
  name: string,
  split: 'test' | 'val',
  warn: (message: string) => void,
): { name: string; summary: SummaryLike } | undefined {
  if (name === basename(runDir)) return undefined;
  const stageDir = join(dirname(runDir), name, 'attribute');
  if (!existsSync(join(stageDir, ATTRIBUTE_FILES.interpretability))) return undefined;
  try {
    const file = readInterpretability(stageDir);
    const theirs = file.split ?? 'test';
    if (theirs !== split) {
      warn(
        `[attribute] baseline "${name}" not shown: it is scored on its ${theirs} videos and this run on its ${split} videos; run it with scoreOn: "${split}"`,
      );
      return undefined;
    }
    return { name, summary: file.summary };
  } catch (e) {
    warn(`[attribute] baseline "${name}" not shown: ${(e as Error).message}`);
    return undefined;
  }
}
