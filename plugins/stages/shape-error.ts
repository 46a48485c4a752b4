import { readFileSync } from 'node:fs';
import { TopiclensError } from '../../core/errors.js';

/** A shape problem at a JSON path of a stage's output file (`problem`: `/vectors/v1/0: expected …, found …`). */
export class ShapeError extends Error {
  constructor(readonly problem: string) {
    super(problem);
  }

  /** The error a user sees: the file, the JSON path, and what to do. */
  inFile(file: string, stage: string): TopiclensError {
    return new TopiclensError(`${file}: ${this.problem}; rerun the ${stage} stage.`);
  }
}

const shown = (v: unknown): string =>
  v === undefined
    ? 'nothing'
    : v === null
      ? 'null'
      : Array.isArray(v)
        ? 'an array'
        : typeof v === 'object'
          ? 'an object'
          : JSON.stringify(v);

/** Throw a ShapeError: `path: expected <expected>, found <what was there>`. */
export const shapeFail = (path: string, expected: string, found: unknown): never => {
  throw new ShapeError(`${path}: expected ${expected}, found ${shown(found)}`);
};

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Read and parse a stage's JSON output file; TopiclensError naming the file (and the JSON path,
 * for a ShapeError of `parse`) and the stage to run.
 */
export function readStageFile<T>(file: string, stage: string, parse: (raw: unknown) => T): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TopiclensError(`${file} is missing; run the ${stage} stage first (topiclens run <config>).`);
    throw new TopiclensError(`cannot read ${file} (${code ?? (e as Error).message}); rerun the ${stage} stage.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new TopiclensError(`${file} is not valid JSON (${(e as Error).message}); rerun the ${stage} stage.`);
  }
  try {
    return parse(raw);
  } catch (e) {
    throw e instanceof ShapeError ? e.inFile(file, stage) : e;
  }
}
