import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TopiclensError } from '../../../core/errors.js';
import type { CommandContext } from '../../../core/plugin/manifest.js';
import { PluginRegistry } from '../../../core/plugin/registry.js';
import { useBackend } from '../../../core/tensor/testing.js';
import { bleuPlugin } from '../../metrics/bleu/plugin.js';
import { eq10Refiner } from '../eq10/plugin.js';
import { fixtureLoader, writeFixtureRun } from '../testing/fixture-run.js';
import { makeRefineCommand } from './refine.js';
import { makeRefineEvalCommand } from './refine-eval.js';

describe('refine and refine-eval commands', () => {
  const root = mkdtempSync(join(tmpdir(), 'tl-refine-cli-'));
  const registry = new PluginRegistry();
  registry.register(eq10Refiner, 'test');
  registry.register(bleuPlugin, 'test');
  const deps = { loadModel: () => fixtureLoader };
  const refine = makeRefineCommand(deps);
  const refineEval = makeRefineEvalCommand(deps);
  const run = async (cmd: typeof refine, argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const ctx: CommandContext = { registry, cwd: root, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
    const code = await cmd.run(argv, ctx);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  beforeAll(async () => {
    await useBackend('cpu');
    writeFixtureRun(join(root, 'runs', 'fx'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refine prints the caption before and after; --list shows the lineage; --undo returns to the parent', async () => {
    const r = await run(refine, ['runs/fx', '--video', 'test1', '--topic', 'car']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/before: a woman\n\s+after:\s+a car and woman/);
    expect(r.out).toMatch(/model r0001 \(parent base\)/);
    const list = await run(refine, ['runs/fx', '--list']);
    expect(list.out).toMatch(/^ {2}base +trained model/m);
    expect(list.out).toMatch(/^\* r0001 +from base: \+car on test1 \[0, 8\)/m);
    expect((await run(refine, ['runs/fx', '--undo'])).out).toBe('current model: base');
    expect((await run(refine, ['runs/fx', '--checkout', 'r0001'])).out).toBe('current model: r0001');
    await run(refine, ['runs/fx', '--undo']);
  });

  it('user errors: unknown topic or video, missing flags, bad numbers and refiner options', async () => {
    await expect(run(refine, ['runs/fx', '--video', 'test1', '--topic', 'cat'])).rejects.toThrow(/Unknown topic "cat"; did you mean "car"/);
    await expect(run(refine, ['runs/fx', '--video', 'vidX', '--topic', 'car'])).rejects.toThrow(/"vidX" is not in this run/);
    await expect(run(refine, ['runs/fx', '--video', 'test1'])).rejects.toThrow(/give both --video ID and --topic NAME/);
    await expect(run(refine, ['runs/fx'])).rejects.toThrow(TopiclensError);
    await expect(run(refine, ['runs/fx', '--video', 'test1', '--topic', 'car', '--steps', '2.5'])).rejects.toThrow(/--steps must be an integer/);
    await expect(run(refine, ['runs/fx', '--video', 'test1', '--topic', 'car', '--mu=-1'])).rejects.toThrow(/refiner "eq10" options .*\/mu must be >= 0/);
    await expect(run(refine, ['runs/nope', '--list'])).rejects.toThrow(/runs\/nope\/config.json is missing/);
    await expect(run(refineEval, ['runs/fx', '--videos', '0'])).rejects.toThrow(/--videos must be at least 1/);
  });

  it('refine-eval writes refine-eval.json and prints its table', async () => {
    const r = await run(refineEval, ['runs/fx', '--videos', '3', '--metrics', 'bleu']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 test videos refined in turn/);
    expect(r.out).toMatch(/3 of 3 after all refinements/);
    expect(r.out).toMatch(/before +\d\.\d{4}/);
    const file = join(root, 'runs', 'fx', 'refine-eval.json');
    expect(existsSync(file)).toBe(true);
    const j = JSON.parse(readFileSync(file, 'utf8'));
    expect(j.items.map((it: { video: string }) => it.video)).toEqual(['test0', 'test1', 'test2']);
    expect(Object.keys(j.scores.before)).toEqual(['Bleu_1', 'Bleu_2', 'Bleu_3', 'Bleu_4']);
    expect(r.err).toMatch(/1\/3 test0 \+dog/);
  });
});
