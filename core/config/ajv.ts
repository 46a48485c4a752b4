import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from '../plugin/manifest.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let shared: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

/** One ajv instance (allErrors) for every config and options schema. */
export function ajv(): Ajv {
  if (!shared) {
    shared = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true });
    addFormats(shared);
  }
  return shared;
}

export function compile(schema: JsonSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    const { $schema: _drop, $id: _id, ...rest } = schema as Record<string, unknown>;
    fn = ajv().compile(rest);
    compiled.set(schema, fn);
  }
  return fn;
}
