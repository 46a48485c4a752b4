import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalBody, STAGES, writeEval, writeFixtureRun } from '../../test/support/reproduce/fixture-runs.js';
import { refineProtocol, type RefineEvalRunner } from './refine-protocol.js';

const EQ10 = { type: 'eq10', options: {} };

/** A fake refine-eval: records its calls and writes a current refine/eval.json with `gained`. */
function fakeRefineEval(gained: number, refiner = EQ10): { runner: RefineEvalRunner; calls: string[] } {
  const calls: string[] = [];
  const runner: RefineEvalRunner = async (runDir, videos) => {
    calls.push(`${runDir} --videos ${videos}`);
    const derivedFrom = Object.fromEntries(
      Object.keys(STAGES).map((s) => [s, JSON.parse(readFileSync(join(runDir, s, 'manifest.json'), 'utf8')).outputHash]),
    );
    writeEval(
      join(runDir, 'refine', 'eval.json'),
      evalBody({ gained, videos, total: videos, bleu4Before: 0.62, bleu4After: 0.615, refiner, derivedFrom: derivedFrom as typeof STAGES }),
    );
    return 0;
  };
  return { runner, calls };
}

const run = () => writeFixtureRun(join(mkdtempSync(join(tmpdir(), 'topiclens-refine-protocol-')), 'quick-s1'), { summary: {} });
const setTrainHash = (runDir: string, outputHash: string) => {
  const f = join(runDir, 'train', 'manifest.json');
  writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(f, 'utf8')), outputHash }));
};

describe('reproduce: the refine protocol reads refine/eval.json only when it matches the run', () => {
  it('a current eval.json (derivedFrom = the stage manifests, same videos and refiner) is reused; refine-eval does not run', async () => {
    const runDir = run();
    writeEval(join(runDir, 'refine', 'eval.json'), evalBody({ gained: 17, gainedOwn: 15, bleu4Before: 0.62, bleu4After: 0.615 }));
    const fake = fakeRefineEval(3);
    const r = await refineProtocol({ runDir, videos: 20, runner: fake.runner, refiner: EQ10, log: () => {} });
    expect(fake.calls).toEqual([]);
    expect(r).toMatchObject({
      gained: 17,
      gainedOwn: 15,
      total: 20,
      requested: 20,
      bleu4Before: 0.62,
      bleu4After: 0.615,
      meteorBefore: 0.3,
      meteorAfter: 0.31,
      ciderBefore: null,
      reused: true,
      file: join(runDir, 'refine', 'eval.json'),
    });
  });

  it('a stale eval.json (the train output changed since) is not used: refine-eval runs and its new file is read', async () => {
    const runDir = run();
    writeEval(join(runDir, 'refine', 'eval.json'), evalBody({ gained: 17, bleu4Before: 0.62, bleu4After: 0.615 }));
    // Newer file time than every manifest, as after a retrain that happened to keep mtimes: only the hashes tell.
    setTrainHash(runDir, 'train-hash-RETRAINED');
    const lines: string[] = [];
    const fake = fakeRefineEval(4);
    const r = await refineProtocol({ runDir, videos: 20, runner: fake.runner, refiner: EQ10, log: (l) => lines.push(l) });
    expect(fake.calls).toEqual([`${runDir} --videos 20`]);
    expect(r).toMatchObject({ gained: 4, reused: false });
    expect(lines[0]).toBe(
      `reproduce: ${join(runDir, 'refine', 'eval.json')} is not used: the run changed since: train output train-hash-1 → train-hash-R; running refine-eval again`,
    );
  });

  it('stale on other grounds too: no derivedFrom, other video count, other refiner settings', async () => {
    const cases: [object, RegExp][] = [
      [{ ...evalBody({ gained: 17, bleu4Before: 0.6, bleu4After: 0.6 }), settings: { videos: 20 } }, /records no settings\.derivedFrom/],
      [evalBody({ gained: 17, videos: 10, total: 10, bleu4Before: 0.6, bleu4After: 0.6 }), /it refined 10 videos, 20 are asked for/],
      [
        evalBody({ gained: 17, bleu4Before: 0.6, bleu4After: 0.6, refiner: { type: 'eq10', options: { gain: 1 } } }),
        /used the refiner .*"gain":1.*the run's config now gives \{"options":\{"gain":3\},"type":"eq10"\}/,
      ],
    ];
    for (const [body, why] of cases) {
      const runDir = run();
      writeEval(join(runDir, 'refine', 'eval.json'), body);
      const lines: string[] = [];
      const now = { type: 'eq10', options: { gain: 3 } };
      const fake = fakeRefineEval(5, now);
      const r = await refineProtocol({ runDir, videos: 20, runner: fake.runner, refiner: now, log: (l) => lines.push(l) });
      expect(lines[0]).toMatch(why);
      expect(fake.calls).toHaveLength(1);
      expect(r).toMatchObject({ gained: 5, reused: false });
    }
  });

  it('falls back to the legacy refine-eval.json only when refine/eval.json does not exist', async () => {
    const legacyOnly = run();
    writeEval(join(legacyOnly, 'refine-eval.json'), evalBody({ gained: 16, bleu4Before: 0.62, bleu4After: 0.62 }));
    const fake = fakeRefineEval(2);
    expect(await refineProtocol({ runDir: legacyOnly, videos: 20, runner: fake.runner, refiner: EQ10, log: () => {} })).toMatchObject({
      gained: 16,
      reused: true,
      file: join(legacyOnly, 'refine-eval.json'),
    });
    expect(fake.calls).toEqual([]);

    // refine/eval.json exists (stale) next to a legacy copy: the legacy copy is not consulted.
    const both = run();
    writeEval(
      join(both, 'refine', 'eval.json'),
      evalBody({ gained: 17, bleu4Before: 0.6, bleu4After: 0.6, derivedFrom: { ...STAGES, attribute: 'remapped' } }),
    );
    writeEval(join(both, 'refine-eval.json'), evalBody({ gained: 16, bleu4Before: 0.6, bleu4After: 0.6 }));
    expect(await refineProtocol({ runDir: both, videos: 20, runner: fake.runner, refiner: EQ10, log: () => {} })).toMatchObject({
      gained: 2,
      reused: false,
    });
  });

  it('skips, saying why: disabled, no neuron map, no refine-eval command, refine-eval failing', async () => {
    expect(await refineProtocol({ runDir: run(), videos: 0, runner: undefined, log: () => {} })).toEqual({
      skipped: 'disabled (--refine-videos 0)',
    });
    const noMap = writeFixtureRun(join(mkdtempSync(join(tmpdir(), 'topiclens-refine-protocol-')), 'x'), {});
    expect(await refineProtocol({ runDir: noMap, videos: 20, runner: undefined, log: () => {} })).toEqual({
      skipped: `the run has no neuron-topic map (${join(noMap, 'attribute', 'neuron-topic-map.json')}); the attribute stage did not run`,
    });
    expect(await refineProtocol({ runDir: run(), videos: 20, runner: undefined, log: () => {} })).toEqual({
      skipped: 'no refine-eval command is registered',
    });
    const failing: RefineEvalRunner = async () => {
      throw new Error('no test video misses a topic');
    };
    expect(await refineProtocol({ runDir: run(), videos: 20, runner: failing, log: () => {} })).toEqual({
      skipped: 'refine-eval failed: no test video misses a topic',
    });
    const r = run();
    expect(await refineProtocol({ runDir: r, videos: 20, runner: async () => 1, log: () => {} })).toEqual({
      skipped: 'refine-eval exited with code 1',
    });
    expect(existsSync(join(r, 'refine', 'eval.json'))).toBe(false);
  });
});
