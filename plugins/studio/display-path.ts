import { isAbsolute, relative } from 'node:path';

/** A path as the studio shows it: relative to the folder it was started in (what the user typed), never absolute. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : isAbsolute(rel) ? path.split(/[/\\]/).filter(Boolean).pop()! : rel;
}
