import type { ErrorObject } from 'ajv';
import { closest } from '../suggest.js';

/** The value at a JSON pointer, or undefined. */
export function valueAt(data: unknown, pointer: string): unknown {
  if (!pointer) return data;
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export const describeValue = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  const json = JSON.stringify(v);
  const shown = json.length > 60 ? `${json.slice(0, 57)}...` : json;
  const kind = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  return `${shown} (${kind})`;
};

/** Turn one ajv error into `{path, message}`: what was expected and what was found. */
export function formatAjvError(e: ErrorObject, data: unknown): { path: string; message: string } {
  const path = e.instancePath;
  const found = describeValue(valueAt(data, path));
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return { path, message: `expected ${String(p.type)}, found ${found}` };
    case 'required':
      return { path: `${path}/${String(p.missingProperty)}`, message: 'required, but missing' };
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closest(key, known);
      return {
        path: `${path}/${key}`,
        message: `unknown property${guess ? `; did you mean "${guess}"?` : ''}${known.length ? ` Known: ${known.join(', ')}` : ''}`,
      };
    }
    case 'enum':
      return {
        path,
        message: `expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, found ${found}`,
      };
    case 'const':
      return { path, message: `expected ${JSON.stringify(p.allowedValue)}, found ${found}` };
    default:
      return { path, message: `expected a value that ${e.message ?? `satisfies ${e.keyword}`}, found ${found}` };
  }
}

/**
 * Drop ajv's noise: anyOf/oneOf summaries when a more specific error exists at the same path, and
 * a `type` error beside an `enum` error at the same path (typed schemas state `type: "string"`
 * next to an enum; the enum's message already lists what is allowed and what was found).
 */
export function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  const kept = specific.length ? specific : errors;
  const enumAt = new Set(kept.filter((e) => e.keyword === 'enum').map((e) => e.instancePath));
  return kept.filter((e) => !(e.keyword === 'type' && enumAt.has(e.instancePath)));
}
