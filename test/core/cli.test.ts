import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../core/index.js';

const modules = [
  new URL('../fixtures/test-plugins-module.ts', import.meta.url),
  new URL('../fixtures/counting-stages.ts', import.meta.url),
];

async function cli(argv: string[], cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { modules, cwd, stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('CLI', () => {
  it('validate: exit 2 with the JSON path, the expected type and the found value; no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-cli-'));
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ decoder: { type: 'attention-lstm', options: { units: 'many' } }, dataset: { type: 'tinyy' } }),
    );
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

  it('validate --json: the resolved config, or every problem with its path, on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-cli-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ decoder: { type: 'attention-lstm', options: { units: 4 } } }));
    const ok = await cli(['validate', 'good.json', '--json'], dir);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({
      ok: true,
      file: join(dir, 'good.json'),
      chain: [join(dir, 'good.json')],
      config: { decoder: { options: { units: 4, beam: 5 } } },
    });
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ decoder: { type: 'attention-lstm', options: { units: 'many' } } }));
    const bad = await cli(['validate', 'bad.json', '--json'], dir);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out)).toEqual({
      ok: false,
      file: join(dir, 'bad.json'),
      problems: [{ path: '/decoder/options/units', message: 'expected integer, found "many" (string)', file: join(dir, 'bad.json') }],
    });
    const missing = await cli(['validate', 'nope.json', '--json'], dir);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.out)).toEqual({ ok: false, error: `Config file not found: ${join(dir, 'nope.json')}` });
  });

  it('--set path=value on validate and run: JSON values, else strings; over the extends chain, before validation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-cli-'));
    writeFileSync(
      join(dir, 'base.json'),
      JSON.stringify({ dataset: { type: 'tiny' }, decoder: { type: 'attention-lstm', options: { units: 4 } }, slow: { parts: 2 } }),
    );
    writeFileSync(join(dir, 'child.json'), JSON.stringify({ extends: './base.json', decoder: { options: { beam: 3 } } }));
    const r = await cli(
      ['validate', 'child.json', '--json', '--set', 'decoder.options.units=6', '--set', 'name=my-run', '--set', 'slow={"parts":3}'],
      dir,
    );
    expect(r.code).toBe(0);
    const { config } = JSON.parse(r.out);
    expect(config.decoder.options).toEqual({ units: 6, beam: 3 });
    expect(config.name).toBe('my-run');
    expect(config.slow).toEqual({ parts: 3 });
    // Validated after the override, and the problem names the flag that set the value.
    const bad = await cli(['validate', 'child.json', '--set', 'decoder.options.units="six"'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('/decoder/options/units: expected integer, found "six" (string) (set in --set decoder.options.units="six")');
    expect((await cli(['validate', 'child.json', '--set', 'units'], dir)).err).toContain('--set "units": expected path=value');

    // run: the run folder is named by the override, and its config.json holds the overridden values.
    const run = await cli(['run', 'child.json', '--backend', 'cpu', '--set', 'name=set-run', '--set', 'slow.parts=1'], dir);
    expect(run.code, run.err).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'runs', 'set-run', 'config.json'), 'utf8'));
    expect(saved.slow).toEqual({ parts: 1 });
    expect(saved.decoder.options.units).toBe(4);
  });

  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-v']) expect(await cli([flag])).toEqual({ code: 0, out: version, err: '' });
  });

  it('plugins: lists the plugins of the config it finds from the working folder, without --config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-cli-'));
    writeFileSync(join(dir, 'package.json'), '{"name": "my-experiments", "private": true}');
    const attributor = join(import.meta.dirname, '../fixtures/plugins/good-attributor.ts');
    const names = (out: string) => (JSON.parse(out) as { plugins: { name: string }[] }).plugins.map((p) => p.name);
    expect(names((await cli(['plugins', '--json'], dir)).out)).not.toContain('fixture-attributor');

    writeFileSync(join(dir, 'topiclens.config.json'), JSON.stringify({ plugins: [attributor] }));
    const found = await cli(['plugins', '--json'], dir);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.out).config).toBe(join(dir, 'topiclens.config.json'));
    expect(names(found.out)).toEqual(['tiny', 'attention-lstm', 'fixture-attributor', 'fixture-metric']);
    expect((await cli(['plugins'], dir)).out).toMatch(
      new RegExp(`^config: ${join(dir, 'topiclens.config.json')}\n[^]*fixture-attributor .*\\[${attributor}\\]`),
    );

    // A config with problems still has its plugins listed, with a note saying where to look.
    writeFileSync(
      join(dir, 'topiclens.config.json'),
      JSON.stringify({ plugins: [attributor], decoder: { type: 'attention-lstm', options: { units: 'many' } } }),
    );
    const bad = await cli(['plugins', '--json'], dir);
    expect(bad.code).toBe(0);
    expect(names(bad.out)).toContain('fixture-attributor');
    expect(bad.err).toBe(
      `note: ${join(dir, 'topiclens.config.json')} has 1 config problem(s); \`topiclens validate\` lists them. Its plugins are listed.`,
    );
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
