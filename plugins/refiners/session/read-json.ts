import { existsSync, readFileSync } from 'node:fs';
import { TopiclensError } from '../../../core/errors.js';

/** Parse a JSON file of an earlier stage, or a TopiclensError naming the file and the stage to run. */
export function readStageJson(file: string, stage: string): unknown {
  if (!existsSync(file)) throw new TopiclensError(`${file} is missing: run the "${stage}" stage first (topiclens run <config>).`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TopiclensError(`${file} is not valid JSON (${(e as Error).message}); rerun the "${stage}" stage.`);
  }
}

export const fail = (file: string, path: string, what: string, stage: string): TopiclensError =>
  new TopiclensError(`${file}: ${path}: expected ${what}; rerun the "${stage}" stage.`);
