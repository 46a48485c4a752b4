import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../core/index.js';

const modules = [new URL('../fixtures/test-plugins-module.ts', import.meta.url), new URL('../fixtures/counting-stages.ts', import.meta.url)];

async function cli(argv: string[], cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { modules, cwd, stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('CLI', () => {
  it('validate: exit 2 with the JSON path, the expected type and the found value; no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-cli-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ decoder: { type: 'attention-lstm', options: { units: 'many' } }, dataset: { type: 'tinyy' } }));
    const r = await cli(['validate', 'bad.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('/decoder/options/units: expected integer, found "many" (string)');
    expect(r.err).toContain('/dataset/type: unknown dataset plugin "tinyy"; did you mean "tiny"?');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('validate: ok on a good config, and --print shows defaults filled in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-cli-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ decoder: { type: 'attention-lstm', options: { units: 4 } } }));
    expect((await cli(['validate', 'good.json'], dir)).out).toBe(`ok: ${join(dir, 'good.json')}`);
    const printed = JSON.parse((await cli(['validate', 'good.json', '--print'], dir)).out);
    expect(printed.decoder).toEqual({ type: 'attention-lstm', options: { units: 4, beam: 5 } });
    expect(printed.slow).toEqual({ parts: 10 });
  });

  it('plugins --json lists every plugin with its extension point, the stages and the commands', async () => {
    const r = await cli(['plugins', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.plugins.map((p: { extensionPoint: string; name: string }) => `${p.extensionPoint}/${p.name}`)).toEqual([
      'dataset/tiny',
      'decoder/attention-lstm',
      'metric/fixture-metric',
    ]);
    expect(json.stages.map((s: { name: string }) => s.name)).toEqual(['source', 'slow', 'sink']);
    expect(json.commands).toEqual([]);
  });

  it('unknown commands and options exit 2 with a pointer to help', async () => {
    expect(await cli(['frobnicate'])).toMatchObject({ code: 2 });
    const r = await cli(['validate', '--nope']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("Unknown option '--nope'");
    expect(r.err).toContain('See `topiclens validate --help`');
  });

  it('every command has --help', async () => {
    for (const c of ['run', 'validate', 'plugins', 'presets', 'schema', 'doctor']) {
      const r = await cli([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: topiclens ${c}`));
    }
  });
});
