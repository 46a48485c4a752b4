import { TopiclensError } from '../errors.js';
import { escapePointer, isPlainObject, type Origins } from './merge.js';

/**
 * `--set path=value` overrides (run, validate, sweep): a dotted path into the config
 * (`interpretiveLoss.options.lambda`, `metrics.0`) and a value, read as JSON when it parses
 * (`0.3`, `true`, `{"a":1}`) and as a plain string otherwise (`wasm`).
 */
export interface SetOverride {
  path: string[];
  value: unknown;
  /** As the user wrote it, for messages: `interpretiveLoss.options.lambda=0.3`. */
  text: string;
}

const parseValue = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

function splitPath(flag: string, text: string): { path: string[]; rest: string } {
  const eq = text.indexOf('=');
  const path = (eq < 0 ? text : text.slice(0, eq)).trim();
  if (eq < 0 || !path)
    throw new TopiclensError(`${flag} "${text}": expected path=value, e.g. ${flag} interpretiveLoss.options.lambda=0.3`, 2);
  const parts = path.split('.');
  if (parts.some((p) => !p))
    throw new TopiclensError(`${flag} "${text}": the path "${path}" has an empty segment; write keys joined by dots, e.g. train.epochs`, 2);
  if (parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype'))
    throw new TopiclensError(`${flag} "${text}": "${path}" is not a config path.`, 2);
  return { path: parts, rest: text.slice(eq + 1) };
}

/** `path=value` → one override. */
export function parseSet(text: string, flag = '--set'): SetOverride {
  const { path, rest } = splitPath(flag, text);
  return { path, value: parseValue(rest), text: `${path.join('.')}=${rest}` };
}

/** Split at commas outside brackets, braces and quotes: `0,0.1,[1,2]` → `0`, `0.1`, `[1,2]`. */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** `path=v1,v2,…` (a sweep axis) → one override per value, in the order given. */
export function parseSetList(text: string, flag = '--set'): SetOverride[] {
  const { path, rest } = splitPath(flag, text);
  const values = splitTopLevel(rest);
  if (values.some((v) => v.trim() === ''))
    throw new TopiclensError(`${flag} "${text}": an empty value in the list; write path=v1,v2,… with no empty entries.`, 2);
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v.trim())) throw new TopiclensError(`${flag} "${text}": the value ${v.trim()} is listed twice.`, 2);
    seen.add(v.trim());
  }
  return values.map((v) => ({ path, value: parseValue(v.trim()), text: `${path.join('.')}=${v.trim()}` }));
}

/**
 * A copy of `config` with `value` at `path` (objects on the way are copied, missing ones
 * created; a numeric segment indexes an existing array). `origins` learns that `--set` set it.
 */
export function setPath(config: Record<string, unknown>, o: SetOverride, origins?: Origins): Record<string, unknown> {
  const write = (node: unknown, depth: number, where: string): unknown => {
    if (depth === o.path.length) return o.value;
    const key = o.path[depth]!;
    if (Array.isArray(node)) {
      const i = Number(key);
      if (!Number.isInteger(i) || i < 0 || i > node.length) {
        throw new TopiclensError(
          `--set ${o.text}: ${where.slice(1) || 'the config'} is a list of ${node.length}; "${key}" is not an index 0..${node.length}.`,
          2,
        );
      }
      const copy = [...node];
      copy[i] = write(node[i], depth + 1, `${where}.${key}`);
      return copy;
    }
    if (node !== undefined && !isPlainObject(node)) {
      throw new TopiclensError(`--set ${o.text}: ${where.slice(1)} is ${JSON.stringify(node)}, not an object, so it has no "${key}".`, 2);
    }
    const obj = (node ?? {}) as Record<string, unknown>;
    return { ...obj, [key]: write(obj[key], depth + 1, `${where}.${key}`) };
  };
  const out = write(config, 0, '') as Record<string, unknown>;
  if (origins) {
    const pointer = o.path.map((p) => `/${escapePointer(p)}`).join('');
    for (const k of [...origins.keys()]) if (k === pointer || k.startsWith(`${pointer}/`)) origins.delete(k);
    origins.set(pointer, `--set ${o.text}`);
  }
  return out;
}

/** Apply overrides in order. */
export const applySets = (config: Record<string, unknown>, sets: readonly SetOverride[], origins?: Origins): Record<string, unknown> =>
  sets.reduce((c, o) => setPath(c, o, origins), config);
