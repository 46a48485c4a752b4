import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { cosmiconfig, defaultLoaders } from 'cosmiconfig';
import { TopiclensError } from '../errors.js';
import { isPlainObject, mergeConfig, type Origins } from './merge.js';
import type { ExperimentConfig } from './types.js';

export const SEARCH_PLACES = [
  'topiclens.config.json',
  '.topiclensrc',
  '.topiclensrc.json',
  '.topiclensrc.yaml',
  '.topiclensrc.yml',
  'package.json',
];

/** A top-level key a `null` removed: what the base had there, and the file that said null. */
export interface NulledKey {
  value: unknown;
  file: string;
}

/** A config as read, before validation: merged over its `extends` chain. */
export interface RawConfig {
  config: Record<string, unknown>;
  file: string;
  dir: string;
  chain: string[];
  origins: Origins;
  /** Top-level keys a `null` removed from a base and nothing set again. */
  nulled: Map<string, NulledKey>;
}

export interface LoadOptions {
  cwd?: string;
  /** Folder of the named presets (`"extends": "lstm-i"`, or `topiclens run lstm-i`). */
  presetsDir: string;
}

const explorer = () => cosmiconfig('topiclens', { searchPlaces: SEARCH_PLACES, cache: false, searchStrategy: 'project' });

/** Editors on Windows often save a UTF-8 byte order mark; JSON.parse and YAML would reject it. */
const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    // V8 says "at position N"; a line and column are what an editor can jump to.
    const at = /at position (\d+)/.exec(message);
    if (!at) throw new TopiclensError(`${file}: not valid JSON: ${message}`, 2);
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    throw new TopiclensError(`${file}:${line}:${column}: not valid JSON: ${message}`, 2);
  }
}

/** YAML (a superset of JSON, so also `.topiclensrc`), with the line, column and reason of a syntax error. */
async function parseYaml(text: string, file: string): Promise<unknown> {
  try {
    return await defaultLoaders['.yaml'](file, text);
  } catch (e) {
    const { reason, mark } = e as { reason?: string; mark?: { line: number; column: number; snippet?: string } };
    if (reason && mark) {
      throw new TopiclensError(
        `${file}:${mark.line + 1}:${mark.column + 1}: not valid YAML: ${reason}${mark.snippet ? `\n${mark.snippet}` : ''}`,
        2,
      );
    }
    throw new TopiclensError(`${file}: not valid YAML: ${(e as Error).message}`, 2);
  }
}

async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  if (!existsSync(file)) throw new TopiclensError(`Config file not found: ${file}`, 2);
  let cfg: unknown;
  const ext = extname(file);
  if (basename(file) === 'package.json' || ['.json', '.yaml', '.yml', ''].includes(ext)) {
    let text: string;
    try {
      text = stripBom(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new TopiclensError(`${file}: cannot be read as a config: ${(e as Error).message}`, 2);
    }
    if (basename(file) === 'package.json') {
      const pkg = parseJson(text, file);
      cfg = isPlainObject(pkg) ? (pkg.topiclens ?? null) : pkg;
    } else {
      cfg = ext === '.json' ? parseJson(text, file) : await parseYaml(text, file);
    }
  } else {
    try {
      cfg = (await explorer().load(file))?.config;
    } catch (e) {
      throw new TopiclensError(`${file}: cannot be read as a config: ${(e as Error).message.split('\n')[0]}`, 2);
    }
  }
  if (!isPlainObject(cfg)) {
    throw new TopiclensError(
      `${file}: a config must be a JSON object, found ${cfg === null ? 'null' : Array.isArray(cfg) ? 'an array' : typeof cfg}`,
      2,
    );
  }
  return cfg;
}

/** Where `extends: name` points: a preset name, or a path relative to the extending file. */
export function resolveExtends(name: string, fromFile: string, presetsDir: string): string {
  const looksLikePath = name.includes('/') || name.includes('\\') || /\.(json|ya?ml)$/.test(name);
  if (!looksLikePath) {
    const preset = resolve(presetsDir, `${name}.json`);
    if (existsSync(preset)) return preset;
  }
  const path = isAbsolute(name) ? name : resolve(dirname(fromFile), name);
  if (existsSync(path)) return path;
  if (existsSync(`${path}.json`)) return `${path}.json`;
  throw new TopiclensError(
    `${fromFile}: "extends": "${name}" names neither a preset (see \`topiclens presets\`) nor an existing file (looked for ${path}).`,
    2,
  );
}

/** Find (cosmiconfig) or read the config, then resolve its `extends` chain. */
export async function readConfig(file: string | undefined, options: LoadOptions): Promise<RawConfig> {
  const cwd = options.cwd ?? process.cwd();
  let top: string;
  if (file) {
    top = resolve(cwd, file);
    // `topiclens run quick`: a bare preset name when no such file exists here.
    const preset = resolve(options.presetsDir, `${file}.json`);
    if (!existsSync(top) && !/[\\/]|\.(json|ya?ml)$/.test(file) && existsSync(preset)) top = preset;
  } else {
    const found = await explorer().search(cwd);
    if (!found) {
      throw new TopiclensError(
        `No topiclens config found from ${cwd} upwards (looked for ${SEARCH_PLACES.join(', ')} with a "topiclens" key). ` +
          'Give a path, e.g. `topiclens run presets/quick.json`, or create topiclens.config.json with {"extends": "quick"}.',
        2,
      );
    }
    top = found.filepath;
  }
  const chain: string[] = [];
  const layers: Record<string, unknown>[] = [];
  let current: string | undefined = top;
  while (current) {
    if (chain.includes(current)) {
      throw new TopiclensError(`"extends" forms a cycle: ${[...chain, current].join(' → ')}`, 2);
    }
    chain.push(current);
    const cfg = await readConfigFile(current);
    layers.push(cfg);
    const ext = cfg.extends;
    if (ext === undefined) break;
    if (typeof ext !== 'string') {
      throw new TopiclensError(`${current}: /extends: expected a preset name or file path (string), found ${JSON.stringify(ext)}`, 2);
    }
    current = resolveExtends(ext, current, options.presetsDir);
  }
  const origins: Origins = new Map();
  let merged: Record<string, unknown> = {};
  const nulled = new Map<string, NulledKey>();
  for (let i = layers.length - 1; i >= 0; i--) {
    const { extends: _ignored, ...layer } = layers[i]!;
    for (const [key, value] of Object.entries(layer)) {
      if (value === null && merged[key] !== undefined) nulled.set(key, { value: merged[key], file: chain[i]! });
      else if (value !== null) nulled.delete(key);
    }
    merged = mergeConfig(merged, layer, chain[i]!, origins);
  }
  // Relative paths (data, runsDir) resolve against the user's config file; a preset run
  // directly has no user file, so they resolve against the working directory.
  const dir = resolve(dirname(top)) === resolve(options.presetsDir) ? cwd : dirname(top);
  return { config: merged, file: top, dir, chain, origins, nulled };
}

/** Top-level defaults applied before validation. */
export function withTopLevelDefaults(config: Record<string, unknown>, file: string): ExperimentConfig {
  const name =
    basename(file) === 'package.json'
      ? 'experiment'
      : basename(file)
          .replace(/\.(json|ya?ml)$/, '')
          .replace(/^\./, '');
  return { name, seed: 1, backend: 'auto', plugins: [], runsDir: 'runs', ...config } as ExperimentConfig;
}
