import { readFileSync } from 'node:fs';
import type { MetricItem } from '../../../core/contracts/metric.js';
import { TopiclensError } from '../../../core/errors.js';

/**
 * Read a `score` input file: `{ "<id>": { "hypothesis": "...", "references": ["...", ...] } }`.
 * Errors name the file and the JSON path of the offending value.
 */
export function readScoreFile(file: string): MetricItem[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TopiclensError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, 2);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new TopiclensError(`${file}: not valid JSON (${(e as Error).message}).`, 2);
  }
  const shape = 'expected { "<id>": { "hypothesis": "a man is cooking", "references": ["...", "..."] } }';
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TopiclensError(`${file}: ${shape}, found ${Array.isArray(data) ? 'an array' : typeof data}.`, 2);
  }
  return Object.entries(data as Record<string, unknown>).map(([id, value]) => {
    const v = value as { hypothesis?: unknown; references?: unknown } | null;
    if (typeof v !== 'object' || v === null)
      throw new TopiclensError(`${file}: /${id}: ${shape}, found ${v === null ? 'null' : typeof v}.`, 2);
    if (typeof v.hypothesis !== 'string') {
      throw new TopiclensError(
        `${file}: /${id}/hypothesis: expected a string (use "" for an empty caption), found ${typeof v.hypothesis}.`,
        2,
      );
    }
    if (!Array.isArray(v.references)) {
      throw new TopiclensError(`${file}: /${id}/references: expected an array of strings, found ${typeof v.references}.`, 2);
    }
    v.references.forEach((r, j) => {
      if (typeof r !== 'string') throw new TopiclensError(`${file}: /${id}/references/${j}: expected a string, found ${typeof r}.`, 2);
    });
    return { id, hypothesis: v.hypothesis, references: v.references as string[] };
  });
}
