import type { JsonSchema } from '../plugin/manifest.js';
import { SINGLE_SLOTS } from './types.js';

/**
 * The editor form of a config schema: it accepts every file that `validate` accepts. Validation
 * sees the *merged* config (the `extends` chain deep-merged, `null` removing a key, plugin and
 * stage defaults filled), so a file on its own may leave out anything required, or say `null`
 * anywhere an object key is merged. Hence: no `required` (except a slot's `type` in a file that
 * extends nothing), and every object property may be `null`. Keywords whose meaning would flip
 * if loosened (`if`, `not`) are kept as they are.
 */
export function editorSchema(schema: JsonSchema): JsonSchema {
  const loosened = loosen(schema) as Record<string, unknown>;
  const slotTypes = Object.fromEntries(SINGLE_SLOTS.map((s) => [s, { required: ['type'] }]));
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
  return { ...loosened, if: { not: { required: ['extends'] } }, then: { properties: slotTypes } };
}

const KEEP = new Set(['if', 'not', 'const', 'enum', 'default', 'examples']);

function loosen(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(loosen);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'required' && Array.isArray(value)) continue;
    if (KEEP.has(key)) out[key] = value;
    else if ((key === 'properties' || key === 'definitions' || key === '$defs') && isObject(value)) {
      const entries = Object.entries(value).map(([k, v]) => [k, key === 'properties' ? nullable(loosen(v)) : loosen(v)]);
      out[key] = Object.fromEntries(entries);
    } else if (key === 'additionalProperties' && isObject(value)) out[key] = nullable(loosen(value));
    else if ((key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) {
      const branches = value.map(loosen);
      // A branch that only said "required" is now {}: the choice no longer constrains (and a
      // oneOf of two empty branches would reject everything), so drop it.
      if (!branches.some((b) => isObject(b) && Object.keys(b).length === 0)) out[key] = branches;
    } else out[key] = loosen(value);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `null` or the schema; its title and description stay on top, where editors show them. */
const nullable = (schema: unknown): unknown => {
  if (!isObject(schema)) return schema;
  const { title, description, ...rest } = schema;
  return {
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
    anyOf: [{ type: 'null' }, rest],
  };
};
