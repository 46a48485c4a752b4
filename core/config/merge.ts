/** Origins: JSON pointer → the file that set the value there. */
export type Origins = Map<string, string>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function recordOrigins(value: unknown, path: string, file: string, origins: Origins): void {
  origins.set(path, file);
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) recordOrigins(v, `${path}/${escapePointer(k)}`, file, origins);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      recordOrigins(v, `${path}/${i}`, file, origins);
    });
  }
}

export const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Deep-merge `child` over `base`. Objects merge key by key; arrays and scalars replace; `null`
 * removes the key. A plugin
 * slot whose `type` changes is replaced whole (the base's options belong to another plugin).
 * `origins` learns which file set each path.
 */
export function mergeConfig(
  base: Record<string, unknown>,
  child: Record<string, unknown>,
  childFile: string,
  origins: Origins,
  path = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(child)) {
    const p = `${path}/${escapePointer(key)}`;
    const prev = out[key];
    if (value === null) {
      // `null` removes what the base set (e.g. a preset's feature extractor).
      delete out[key];
      for (const k of [...origins.keys()]) if (k === p || k.startsWith(`${p}/`)) origins.delete(k);
      continue;
    }
    const slotTypeChanged = isPlainObject(prev) && isPlainObject(value) && 'type' in value && value.type !== prev.type;
    if (isPlainObject(prev) && isPlainObject(value) && !slotTypeChanged) {
      origins.set(p, childFile);
      out[key] = mergeConfig(prev, value, childFile, origins, p);
    } else {
      for (const k of [...origins.keys()]) if (k === p || k.startsWith(`${p}/`)) origins.delete(k);
      recordOrigins(value, p, childFile, origins);
      out[key] = value;
    }
  }
  return out;
}

/** The file that set the value at `pointer` (the nearest recorded ancestor). */
export function originOf(origins: Origins, pointer: string): string | undefined {
  let p = pointer;
  for (;;) {
    const file = origins.get(p);
    if (file) return file;
    if (!p) return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

export { isPlainObject };
