import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  PluginRegistry,
  TOKENS,
  createRunContainer,
  definePlugin,
  loadConfig,
  resolvedOptions,
  withDefaults,
  type Logger,
  type OptionsSchema,
} from '../../core/index.js';
import { fixturePlugins } from '../fixtures/test-plugins.js';

interface ProbeOptions {
  units: number;
  nested: { a: number; b: number };
}

/** A dataset plugin that records what its factory and its validate hook were handed. */
function recordingPlugin() {
  const seen: { created: unknown[]; validated: unknown[]; logger: unknown[] } = { created: [], validated: [], logger: [] };
  const plugin = definePlugin<'dataset', ProbeOptions, { logger: Logger }>({
    extensionPoint: 'dataset',
    name: 'recording',
    version: '1.0.0',
    description: 'records its options',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        units: { type: 'integer', minimum: 1 },
        nested: {
          type: 'object',
          additionalProperties: false,
          properties: { a: { type: 'number' }, b: { type: 'number' } },
          required: ['a', 'b'],
        },
      },
      required: ['units', 'nested'],
    },
    defaults: { units: 4, nested: { a: 1, b: 2 } },
    inject: { logger: TOKENS.logger },
    validate: (o) => {
      seen.validated.push(o);
      return {};
    },
    create: (o, _ctx, deps) => {
      seen.created.push(o);
      seen.logger.push(deps.logger);
      return { load: async () => ({ videos: [], info: { name: 'r', skipped: [] } }) } as never;
    },
  });
  return { plugin, seen };
}

const setup = (config: object) => {
  const dir = mkdtempSync(join(tmpdir(), 'topiclens-resolved-'));
  const file = join(dir, 'exp.json');
  writeFileSync(file, JSON.stringify(config));
  const { plugin, seen } = recordingPlugin();
  const registry = new PluginRegistry();
  for (const m of fixturePlugins) registry.register(m, 'fixtures');
  registry.register(plugin, 'test');
  return { file, registry, seen, presetsDir: dir };
};

describe('options are resolved once, at validation', () => {
  it('the factory and validate get the validated options object itself, defaults merged (nested too)', async () => {
    const { file, registry, seen, presetsDir } = setup({
      name: 'x',
      seed: 1,
      dataset: { type: 'recording', options: { nested: { b: 9 } } },
    });
    const loaded = await loadConfig(file, registry, { presetsDir });
    const validated = loaded.config.dataset!.options;
    expect(validated).toEqual({ units: 4, nested: { a: 1, b: 9 } });
    const logger = { info() {}, warn() {} } as unknown as Logger;
    await createRunContainer(registry, loaded, { logger, slots: ['dataset'] });
    expect(seen.created).toHaveLength(1);
    expect(seen.created[0]).toBe(validated); // not a re-spread copy
    expect(seen.validated.at(-1)).toEqual(validated);
    expect(seen.logger[0]).toBe(logger); // injected from the run's container
  });

  it('withDefaults merges plain objects key by key and leaves the defaults untouched', () => {
    const defaults = { a: 1, o: { x: 1, y: 2 }, list: [1, 2] };
    expect(withDefaults(defaults, { o: { y: 5 }, list: [3] })).toEqual({ a: 1, o: { x: 1, y: 5 }, list: [3] });
    expect(defaults.o).toEqual({ x: 1, y: 2 });
  });

  it('resolvedOptions names the JSON path of a bad option', () => {
    const { plugin } = recordingPlugin();
    expect(() => resolvedOptions(plugin, { units: 0 }, { file: 'cli', path: '/dataset/options' })).toThrow(/\/dataset\/options\/units/);
  });
});

describe('the pipeline mode', () => {
  it('is filled in: captioning without a transfer section, transfer with one (as before the key existed)', async () => {
    const a = setup({ name: 'x', seed: 1 });
    expect((await loadConfig(a.file, a.registry, { presetsDir: a.presetsDir })).config.mode).toBe('captioning');
  });

  it('a wrong value is a ConfigError at /mode', async () => {
    const { file, registry, presetsDir } = setup({ name: 'x', seed: 1, mode: 'translate' });
    const err = await loadConfig(file, registry, { presetsDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems.map((p) => p.path)).toEqual(['/mode']);
    expect(problems[0]!.message).toBe('expected one of "captioning", "transfer", found "translate" (string)');
  });
});

describe('OptionsSchema<O>', () => {
  it('rejects a schema that does not match its options type (checked by tsc)', () => {
    // @ts-expect-error `units` is a number in ProbeOptions, not a string
    const wrongType: OptionsSchema<{ units: number }> = { type: 'object', properties: { units: { type: 'string' } }, required: ['units'] };
    // @ts-expect-error the schema leaves out `beam`, a property of the type
    const missing: OptionsSchema<{ units: number; beam: number }> = {
      type: 'object',
      properties: { units: { type: 'integer' } },
      required: ['units', 'beam'],
    };
    expect([wrongType, missing].length).toBe(2);
  });
});
