import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TopiclensError } from '../../../core/errors.js';
import type { CommandContext } from '../../../core/plugin/manifest.js';
import { PluginRegistry } from '../../../core/plugin/registry.js';
import { useBackend } from '../../../core/tensor/testing/use-backend.js';
import { loadNamedTensors } from '../../../core/tensor/weights.js';
import { bleuPlugin } from '../../metrics/bleu/plugin.js';
import { ciderPlugin } from '../../metrics/cider/plugin.js';
import { eq10Refiner } from '../eq10/plugin.js';
import { eq10Defaults } from '../eq10/schema.js';
import { fixtureLoader, retrainFixtureRun, writeFixtureRun } from '../../../test/support/refiners/fixture-run.js';
import { fixtureWeights } from '../../../test/support/refiners/fixture-stages.js';
import { makeRefineCommand } from './refine.js';
import { makeRefineEvalCommand } from './refine-eval.js';

describe('refine and refine-eval commands', () => {
  const root = mkdtempSync(join(tmpdir(), 'tl-refine-cli-'));
  const registry = new PluginRegistry();
  registry.register(eq10Refiner, 'test');
  registry.register(bleuPlugin, 'test');
  registry.register(ciderPlugin, 'test');
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
    await expect(run(refine, ['runs/fx', '--video', 'test1', '--topic', 'car', '--steps', '2.5'])).rejects.toThrow(
      /--steps must be an integer/,
    );
    await expect(run(refine, ['runs/fx', '--video', 'test1', '--topic', 'car', '--mu=-1'])).rejects.toThrow(
      /config\.json "refiner" with the command-line overrides: 1 config problem\n {2}\/refiner\/options\/mu: expected a value that must be >= 0, found -1/,
    );
    await expect(run(refine, ['runs/nope', '--list'])).rejects.toThrow(/runs\/nope\/config.json is missing/);
    await expect(run(refineEval, ['runs/fx', '--videos', '0'])).rejects.toThrow(/--videos must be at least 1/);
  });

  const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
  const manifestHash = (runDir: string, stage: string): string => readJson(join(runDir, stage, 'manifest.json')).outputHash;
  /** The printed "gained" line and score rows, read back as numbers. */
  const printed = (out: string) => {
    const gained = out.match(
      /second halves now carrying the missing topic: (\d+) of (\d+) after all refinements, (\d+) of \d+ right after their own/,
    )!;
    const header = out
      .match(/^test set \(\d+ videos\)\s+(.*)$/m)![1]!
      .trim()
      .split(/\s+/);
    const row = (name: string) =>
      Object.fromEntries(
        out
          .match(new RegExp(`^  ${name}\\s+(.*)$`, 'm'))![1]!
          .trim()
          .split(/\s+/)
          .map((x, i) => [header[i], x]),
      );
    return {
      gained: Number(gained[1]),
      total: Number(gained[2]),
      gainedOwn: Number(gained[3]),
      before: row('before'),
      after: row('after'),
    };
  };

  it('refine-eval writes refine/eval.json: gained, total, scores as printed, the items, the settings', async () => {
    const started = Date.now();
    const r = await run(refineEval, ['runs/fx', '--videos', '3', '--metrics', 'cider']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 test videos refined in turn/);
    expect(r.out).toMatch(/3 of 3 after all refinements/);
    expect(r.out).toMatch(
      /the chain started from base = the run's train\/model \(train output [0-9a-f]{12}, attribute output [0-9a-f]{12}\)/,
    );
    const runDir = join(root, 'runs', 'fx');
    const file = join(runDir, 'refine', 'eval.json');
    expect(r.out).toContain(`written: ${file}`);
    const j = readJson(file);
    const p = printed(r.out);
    expect(p).toMatchObject({ gained: 3, total: 3, gainedOwn: 3 });
    expect({ gained: j.gained, total: j.total, gainedOwn: j.gainedOwn }).toEqual({
      gained: p.gained,
      total: p.total,
      gainedOwn: p.gainedOwn,
    });
    // BLEU runs although only cider was asked for; the file's numbers are the printed ones.
    expect(j.bleu4Before.toFixed(4)).toBe(p.before.Bleu_4);
    expect(j.bleu4After.toFixed(4)).toBe(p.after.Bleu_4);
    expect(j.ciderBefore.toFixed(4)).toBe(p.before.CIDEr);
    expect(j.ciderAfter.toFixed(4)).toBe(p.after.CIDEr);
    expect(j.bleu4Before).toBe(j.scores.before.Bleu_4);
    expect(j.ciderAfter).toBeGreaterThan(j.ciderBefore);
    expect(j).not.toHaveProperty('meteorBefore');
    expect(j.testVideos).toBe(8);
    expect(j.items.map((it: { video: string }) => it.video)).toEqual(['test0', 'test1', 'test2']);
    expect(j.items.filter((it: { carriedAfterAll: string | null }) => it.carriedAfterAll).length).toBe(j.gained);
    expect(Object.keys(j.scores.before)).toEqual(['Bleu_1', 'Bleu_2', 'Bleu_3', 'Bleu_4', 'CIDEr']);
    expect(j.settings).toEqual({
      refiner: { type: 'eq10', options: { ...eq10Defaults, mu: 0.01, steps: 40, learningRate: 0.05, optimizer: 'adam' } },
      videos: 3,
      metrics: ['bleu', 'cider'],
      startedFrom: { model: 'base', createdAt: expect.any(String), source: 'train/model' },
      derivedFrom: {
        features: manifestHash(runDir, 'features'),
        topics: manifestHash(runDir, 'topics'),
        train: manifestHash(runDir, 'train'),
        attribute: manifestHash(runDir, 'attribute'),
      },
      finalModel: 'r0004',
    });
    expect(Date.parse(j.createdAt)).toBeGreaterThanOrEqual(started - 1000);
    // The earlier place, for readers that predate refine/eval.json.
    expect(readJson(join(runDir, 'refine-eval.json'))).toEqual(j);
    expect(r.err).toMatch(/1\/3 test0 \+dog/);
  });

  it('refine-eval after a retrain sets the old chain aside and checks out the new base', async () => {
    const runDir = join(root, 'runs', 'fx-retrained');
    writeFixtureRun(runDir);
    const first = await run(refineEval, ['runs/fx-retrained', '--videos', '3', '--metrics', 'bleu']);
    expect(first.code).toBe(0);
    const oldEval = readFileSync(join(runDir, 'refine', 'eval.json'), 'utf8');
    expect(JSON.parse(oldEval).items.map((it: { video: string }) => it.video)).toEqual(['test0', 'test1', 'test2']);

    // Retrained: W = 5·I, a model whose captions of test0..test2 already carry their topics.
    retrainFixtureRun(runDir, 5);
    const r = await run(refineEval, ['runs/fx-retrained', '--videos', '3', '--metrics', 'bleu']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /^refine: the run's train output [0-9a-f]{12} → [0-9a-f]{12} since these refinements were made; the old lineage \(4 models, current base\) was moved intact to refine\/stale-\S+Z; refining from the run's current model\.$/m,
    );
    const [stale, ...more] = readdirSync(join(runDir, 'refine')).filter((n) => n.startsWith('stale-'));
    expect(more).toEqual([]);
    expect(readFileSync(join(runDir, 'refine', stale!, 'eval.json'), 'utf8')).toBe(oldEval);
    expect((await run(refine, ['runs/fx-retrained', '--list'])).out).toMatch(
      new RegExp(
        `^  set aside: refine/${stale} \\(the run's train output [0-9a-f]{12} → [0-9a-f]{12} since these refinements were made\\)$`,
        'm',
      ),
    );
    expect(existsSync(join(runDir, 'refine', stale!, 'models', 'r0003', 'encoder', 'weights.bin'))).toBe(true);

    const j = readJson(join(runDir, 'refine', 'eval.json'));
    expect(j.settings.derivedFrom.train).toBe(manifestHash(runDir, 'train'));
    expect(j.settings.derivedFrom.train).not.toBe(JSON.parse(oldEval).settings.derivedFrom.train);
    // Only the videos the new model still gets wrong are refined (a stale base would pick test0..test2 again).
    expect(j.items.map((it: { video: string }) => it.video)).toEqual(['test4', 'test7']);
    expect(j.total).toBe(2);
    expect(j.notes).toContain('only 2 of the 3 requested test videos qualify');
    // δ from the new model's means: ‖v − v*‖² = n·(κ·mean)² on test4's 4 first-half frames, mean ≈ tanh(5).
    const mean = readJson(join(runDir, 'refine', 'topic-means.json')).means[0][0];
    expect(mean).toBeCloseTo(0.9999, 4);
    expect(j.items[0].report.targetDistanceBefore).toBeCloseTo(4 * (eq10Defaults.gain! * mean) ** 2, 3);
    // The chain's base is the new train/model, bit for bit.
    expect(j.settings.startedFrom.model).toBe('base');
    const base = await loadNamedTensors(join(runDir, 'refine', 'models', 'base', 'encoder'));
    expect(Buffer.from((base.W!.dataSync() as Float32Array).buffer)).toEqual(Buffer.from(fixtureWeights(5)['encoder/W']!.values.buffer));
    for (const t of Object.values(base)) t.dispose();
  });
});
