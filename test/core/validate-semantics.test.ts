import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { availableMemory, formatBytes } from '../../core/config/available-memory.js';
import { BUILTIN_PLUGINS, ConfigError, createDefaultRegistry, loadConfig, runCli, type PluginRegistry } from '../../index.js';

/** validate refuses what a run would only fail on later, after earlier stages ran (issue 16). */
let registry: PluginRegistry;
let dir: string;
beforeAll(async () => {
  registry = await createDefaultRegistry();
});

const write = (name: string, value: unknown): string => {
  dir = mkdtempSync(join(tmpdir(), 'topiclens-validate-'));
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value));
  return path;
};

async function problems(config: unknown, name = 'c.json'): Promise<string> {
  try {
    await loadConfig(write(name, config), registry);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

async function validate(config: unknown, name = 'c.json') {
  const file = write(name, config);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['validate', file], {
    modules: [BUILTIN_PLUGINS],
    cwd: dir,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  });
  return { code, out: out.join('\n'), err: err.join('\n'), file };
}

const quick = (over: Record<string, unknown>) => ({ extends: 'quick', name: 'x', ...over });

describe('validate: sizes against memory', () => {
  it('refuses units 1e12 with the estimate and the limit, instead of "Invalid typed array length" mid-run', async () => {
    const msg = await problems(quick({ encoder: { type: 'bilstm', options: { units: 1e12 } } }));
    const limit = formatBytes(availableMemory().bytes);
    // bilstm lower bound: 2·4·(units+2)·units parameters × 16 bytes = 1.28e26 bytes.
    expect(msg).toContain(
      `/encoder/options: the model needs at least 1.3e+26 bytes of memory (batch of 64, /train/batchSize), more than the ${limit} of`,
    );
    expect(msg).toContain('encoder (bilstm): ≥ 8.00e+24 parameters');
    expect(msg).toContain('Make the model or the batch smaller.');
  });

  it('refuses a batch whose activations cannot fit, naming the batch size', async () => {
    const msg = await problems(quick({ train: { batchSize: 1_000_000_000 } }));
    expect(msg).toMatch(/the model needs at least [\d.]+ TiB of memory \(batch of 1000000000, \/train\/batchSize\)/);
  });

  it('passes every preset (no false refusals)', async () => {
    for (const preset of ['quick', 'quick-b', 'quick-paper', 'lstm-i', 'lstm-b', 'transfer-lstm-i', 'quick-transfer-lstm-i', 'lstm-r']) {
      await expect(loadConfig(preset, registry, { cwd: mkdtempSync(join(tmpdir(), 'topiclens-preset-')) })).resolves.toMatchObject({
        config: { name: preset },
      });
    }
  });
});

describe('validate: what a run would fail on later', () => {
  it('runsDir naming a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'topiclens-runs-')), 'runs');
    writeFileSync(file, 'not a folder');
    expect(await problems(quick({ runsDir: file }))).toContain(
      `/runsDir: ${file} is a file, not a folder; "runsDir" must name a folder (created when missing)`,
    );
    expect(await problems(quick({ runsDir: join(file, 'deeper') }))).toContain(
      `/runsDir: ${join(file, 'deeper')} cannot be created: ${file} is a file`,
    );
  });

  it('a validation metric the configured metrics do not compute, and metrics: []', async () => {
    expect(await problems(quick({ train: { validation: { metric: 'Bleu_5' } } }))).toContain(
      '/train/validation/metric: "Bleu_5" is produced by none of the configured metrics (they produce Bleu_1, Bleu_2, Bleu_3, Bleu_4, METEOR, ROUGE_L, CIDEr); choose one of those',
    );
    const empty = await problems(quick({ metrics: [] }));
    expect(empty).toContain('/metrics: an empty list: the evaluate stage scores the test captions with these');
    expect(empty).toContain('/train/validation/metric: "METEOR" needs a metric, but "metrics" lists none');
  });

  it('captionsPerClip min > max, and splits that are all empty', async () => {
    const over = (options: Record<string, unknown>) =>
      quick({ dataset: { type: 'synthetic-clips', options: { counts: { train: 20, val: 5, test: 5 }, ...options } } });
    expect(await problems(over({ captionsPerClip: { min: 30, max: 20 } }))).toContain(
      '/dataset/options/captionsPerClip: min (30) is larger than max (20)',
    );
    expect(await problems(over({ counts: { train: 0, val: 0, test: 0 } }))).toContain(
      '/dataset/options/counts: every split is empty (train, val and test are 0)',
    );
    expect(await problems(over({ counts: { train: 0, val: 5, test: 5 } }))).toContain(
      '/dataset/options/counts/train: the train split is empty',
    );
    const msvd = { type: 'msvd', options: { csv: 'x.csv', features: 'f', split: { train: 0, val: 0, test: 0 } } };
    expect(await problems(quick({ dataset: msvd }))).toContain('/dataset/options/split: every split is empty');
  });

  it('"encoder": null that silently disabled train, evaluate, attribute and report is an error; the transfer presets\' nulls are notes', async () => {
    const r = await validate(quick({ encoder: null }));
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `/encoder: null (in ${r.file}) removes the "encoder" slot, which disables the stages train, evaluate, attribute, report; their settings (/train, /evaluate, /attribute) would go unused. ` +
        'Restore the slot, or also set "train": null, "evaluate": null, "attribute": null to say you mean it.',
    );
    const meant = await validate(quick({ encoder: null, train: null, evaluate: null, attribute: null }));
    expect([meant.code, meant.out.split('\n')[0]]).toEqual([
      0,
      `note: /encoder: null (in ${meant.file}) disables the stages train, evaluate, attribute, report`,
    ]);
  });

  it('patience without val videos is a note, not silence', async () => {
    const r = await validate(
      quick({ dataset: { type: 'synthetic-clips', options: { counts: { train: 20, val: 0, test: 5 } } }, train: { patience: 3 } }),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('note: /train/patience: patience 3 has no effect: the data set has no val videos');
  });
});

describe('validate: reading the file', () => {
  it('a YAML syntax error gives line, column and reason', async () => {
    const r = await validate('extends: quick\nname: y\ntrain:\n  epochs: [1, 2\n  batchSize: 4\n', 'c.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      new RegExp(`${r.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:\\d+: not valid YAML: missed comma between flow collection entries`),
    );
  });

  it('a JSON syntax error gives line and column', async () => {
    const r = await validate('{\n  "extends": "quick",\n  "name" "y"\n}\n');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${r.file}:3:10: not valid JSON: `);
  });

  it('a UTF-8 byte order mark is accepted in JSON and YAML', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const json = await validate(Buffer.concat([bom, Buffer.from(JSON.stringify(quick({})))]), 'bom.json');
    expect([json.code, json.err]).toEqual([0, '']);
    const yaml = await validate(Buffer.concat([bom, Buffer.from('extends: quick\nname: y\n')]), 'bom.yaml');
    expect([yaml.code, yaml.err]).toEqual([0, '']);
  });
});
