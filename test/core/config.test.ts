import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  PluginRegistry,
  TopiclensError,
  combinedSchema,
  loadConfig,
  type PluginRegistry as Registry,
} from '../../core/index.js';
import { fixturePlugins } from '../fixtures/test-plugins.js';

let dir: string;
let presets: string;
let registry: Registry;

const write = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

const problemsOf = async (file: string): Promise<ConfigError> => {
  try {
    await loadConfig(file, registry, { presetsDir: presets });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'topiclens-config-'));
  presets = join(dir, 'presets');
  mkdirSync(presets);
  writeFileSync(
    join(presets, 'base.json'),
    JSON.stringify({ name: 'base', seed: 3, decoder: { type: 'attention-lstm', options: { units: 16 } } }),
  );
  registry = new PluginRegistry();
  for (const m of fixturePlugins) registry.register(m, 'fixtures');
});

describe('loadConfig', () => {
  it('resolves an extends chain (preset, then file) and merges plugin defaults', async () => {
    write('middle.json', { extends: 'base', decoder: { options: { beam: 3 } }, metrics: ['fixture-metric'] });
    const top = write('exp.json', { extends: './middle.json', name: 'exp', seed: 7 });
    const loaded = await loadConfig(top, registry, { presetsDir: presets });
    expect(loaded.chain).toEqual([top, join(dir, 'middle.json'), join(presets, 'base.json')]);
    expect(loaded.config.name).toBe('exp');
    expect(loaded.config.seed).toBe(7);
    expect(loaded.config.backend).toBe('auto');
    expect(loaded.config.decoder).toEqual({ type: 'attention-lstm', options: { units: 16, beam: 3 } });
    expect(loaded.config.metrics).toEqual([{ type: 'fixture-metric', options: { scale: 1 } }]);
  });

  it('replaces a slot whole when the child changes its plugin type', async () => {
    registry.register({ ...fixturePlugins[1]!, name: 'other', optionsSchema: { type: 'object' }, defaults: {} } as never, 'fixtures');
    const top = write('exp.json', { extends: 'base', decoder: { type: 'other' } });
    const loaded = await loadConfig(top, registry, { presetsDir: presets });
    expect(loaded.config.decoder).toEqual({ type: 'other', options: {} });
  });

  it('runs a preset by name, resolving its relative paths against the working directory', async () => {
    const work = mkdtempSync(join(tmpdir(), 'topiclens-cwd-'));
    const loaded = await loadConfig('base', registry, { cwd: work, presetsDir: presets });
    expect(loaded.file).toBe(join(presets, 'base.json'));
    expect(loaded.dir).toBe(work);
    const user = await loadConfig(write('mine.json', { extends: 'base' }), registry, { cwd: work, presetsDir: presets });
    expect(user.dir).toBe(dir);
  });

  it('removes a key the base set when the child gives null', async () => {
    const top = write('exp.json', { extends: 'base', decoder: null });
    const loaded = await loadConfig(top, registry, { presetsDir: presets });
    expect(loaded.config.decoder).toBeUndefined();
    expect(loaded.config.seed).toBe(3);
  });

  it('reports an extends cycle with the whole chain', async () => {
    const a = write('a.json', { extends: './b.json' });
    write('b.json', { extends: './a.json' });
    await expect(loadConfig(a, registry, { presetsDir: presets })).rejects.toThrowError(
      `"extends" forms a cycle: ${a} → ${join(dir, 'b.json')} → ${a}`,
    );
  });

  it('reports an extends target that does not exist', async () => {
    const a = write('a.json', { extends: 'nope' });
    await expect(loadConfig(a, registry, { presetsDir: presets })).rejects.toThrowError(/"extends": "nope" names neither a preset/);
  });

  it('lists every problem at once: path, expected, found, and the file that set it', async () => {
    write('middle.json', { extends: 'base', decoder: { options: { units: '512' } } });
    const top = write('exp.json', {
      extends: './middle.json',
      seed: -1,
      backend: 'gpu',
      trian: {},
      dataset: { type: 'tinny' },
      metrics: [{ type: 'fixture-metric', options: { scale: 'big' } }],
    });
    const err = await problemsOf(top);
    expect(err.exitCode).toBe(2);
    const byPath = Object.fromEntries(err.problems.map((p) => [p.path, p]));
    expect(byPath['/decoder/options/units']).toMatchObject({
      message: 'expected integer, found "512" (string)',
      file: join(dir, 'middle.json'),
    });
    expect(byPath['/seed']!.message).toBe('expected a value that must be >= 0, found -1 (number)');
    expect(byPath['/backend']!.message).toBe('expected one of "auto", "tensorflow", "wasm", "cpu", found "gpu" (string)');
    expect(byPath['/trian']!.message).toMatch(/^unknown config key/);
    expect(byPath['/dataset/type']!.message).toBe('unknown dataset plugin "tinny"; did you mean "tiny"? Available: tiny');
    expect(byPath['/metrics/0/options/scale']!.message).toBe('expected number, found "big" (string)');
    expect(err.problems).toHaveLength(6);
    expect(err.message.split('\n')[0]).toBe(`${top}: 6 config problems`);
    expect(err.message).toContain(`  /decoder/options/units: expected integer, found "512" (string) (set in ${join(dir, 'middle.json')})`);
  });

  it('reports a missing required option and an unknown option with a suggestion', async () => {
    const top = write('exp.json', { decoder: { type: 'attention-lstm', options: { unitz: 4 } } });
    registry = new PluginRegistry();
    registry.register({ ...fixturePlugins[1]!, defaults: {} } as never, 'fixtures');
    const err = await problemsOf(top);
    const messages = err.problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toContain('/decoder/options/units: required, but missing');
    expect(messages).toContain('/decoder/options/unitz: unknown property; did you mean "units"? Known: units, beam');
  });

  it('says which file is not valid JSON', async () => {
    const top = write('exp.json', '{ "name": ');
    await expect(loadConfig(top, registry, { presetsDir: presets })).rejects.toThrowError(new RegExp(`${top}: not valid JSON`));
  });

  it('finds .topiclensrc.json and package.json#topiclens with cosmiconfig', async () => {
    const sub = join(dir, 'project', 'deep');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(dir, 'project', 'package.json'), JSON.stringify({ name: 'p', topiclens: { extends: 'base', name: 'from-pkg' } }));
    const viaPkg = await loadConfig(undefined, registry, { cwd: sub, presetsDir: presets });
    expect(viaPkg.config.name).toBe('from-pkg');
    expect(viaPkg.config.seed).toBe(3);
    writeFileSync(join(dir, 'project', '.topiclensrc.json'), JSON.stringify({ name: 'from-rc' }));
    const viaRc = await loadConfig(undefined, registry, { cwd: sub, presetsDir: presets });
    expect(viaRc.config.name).toBe('from-rc');
  });

  it('fails clearly when no config is found', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'topiclens-empty-'));
    await expect(loadConfig(undefined, registry, { cwd: empty, presetsDir: presets })).rejects.toBeInstanceOf(TopiclensError);
  });

  it("builds a combined schema that knows each plugin's options", () => {
    // Editor form: each property is `null` (a merge removes the key) or its schema.
    type Slot = { properties: { type: { anyOf: [unknown, { enum: string[] }] } }; allOf: unknown[] };
    const schema = combinedSchema(registry) as { properties: Record<string, { anyOf: [{ type: 'null' }, Slot] }> };
    const decoder = schema.properties.decoder!.anyOf[1];
    expect(decoder.properties.type.anyOf[1].enum).toEqual(['attention-lstm']);
    expect(decoder.allOf).toHaveLength(1);
    expect(JSON.stringify(decoder.allOf)).toContain('"units"');
  });
});
