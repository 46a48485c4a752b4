import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isDebris } from './atomic.js';

/** JSON with object keys sorted, so equal values hash equally. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

export const hashValue = (value: unknown): string => sha256(stableStringify(value));

export interface FileDigest {
  size: number;
  sha256: string;
}

/** The hash of every file under `dir` (names and contents, as hashDirectory) and each file's size and hash. */
export interface DirectoryDigest {
  hash: string;
  files: Record<string, FileDigest>;
}

/**
 * Digest of every file under `dir` except the names in `exclude` at the top level and the debris
 * of atomic writes (isDebris): what a stage's outputs are, whatever a kill left beside them.
 */
export function digestDirectory(dir: string, exclude: readonly string[] = []): DirectoryDigest {
  const h = createHash('sha256');
  const files: Record<string, FileDigest> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (exclude.includes(rel) || isDebris(name)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else {
        const data = readFileSync(p);
        h.update(`${rel}\0`).update(data).update('\0');
        files[rel.split(sep).join('/')] = { size: data.byteLength, sha256: sha256(data) };
      }
    }
  };
  walk(dir);
  return { hash: h.digest('hex'), files };
}

/** Hash of every file under `dir` (names and contents), except the names in `exclude` at the top level and debris. */
export const hashDirectory = (dir: string, exclude: readonly string[] = []): string => digestDirectory(dir, exclude).hash;
