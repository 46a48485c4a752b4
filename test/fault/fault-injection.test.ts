import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestDirectory, isDebris } from '../../core/index.js';
import { mulberry32 } from '../../core/tensor/rng.js';
import { tinierTrain, tinierWorld, writeTinyConfig } from '../pipeline/tiny-config.js';

/**
 * Issue 16, fault injection: a tiny whole-pipeline run is SIGKILLed at a file-system write chosen
 * per seed (each seed picks a stage in turn, then a write of that stage: opening, writing,
 * renaming, removing, making a folder — every point of every stage can be hit), then run again.
 * The resumed run must end with outputs identical to an uninterrupted run and leave no debris
 * (temp files and folders, attempts, locks). ≥ 20 seeds when CI=true, 2 locally.
 * $TOPICLENS_FAULT_LOG: a file that gets one line per seed as it passes.
 */
const SEEDS = process.env.CI === 'true' ? Number(process.env.TOPICLENS_FAULT_SEEDS ?? 20) : 2;
const STAGES = ['run', 'topics', 'features', 'train', 'evaluate', 'attribute', 'report'];
const preload = join(import.meta.dirname, 'fault-preload.ts');
const child = join(import.meta.dirname, 'run-pipeline-child.ts');

const tinyWorld = (dir: string) => writeTinyConfig(dir, { ...tinierWorld(), train: tinierTrain() });

const run = (config: string, root: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--import', preload, child, config], {
    env: { ...process.env, TOPICLENS_FAULT_DIR: root, ...env },
    encoding: 'utf8',
  });

/** mulberry32: a seed's choices, the same on every machine. */
const random = mulberry32;

/** The stage a write under the run folder belongs to: `train/…`, `.train.attempt/…`, `.train.old-…` → train; the rest → run. */
const stageOf = (path: string): string => {
  const first = path.replace(/^runs\/tiny\/?/, '').split('/')[0]!;
  const m = /^\.?([a-z-]+?)(?:\.attempt|\.old-\d+-\d+|\.tmp-\d+-\d+)?$/.exec(first);
  return m && STAGES.includes(m[1]!) ? m[1]! : 'run';
};

/** Each stage folder's files (size and sha256, manifest aside) and its manifest's hashes. */
function snapshot(runDir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of readdirSync(runDir).sort()) {
    const dir = join(runDir, name);
    if (!statSync(dir).isDirectory()) continue;
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    out[name] = { files: digestDirectory(dir, ['manifest.json']).files, inputHash: manifest.inputHash, outputHash: manifest.outputHash };
  }
  return out;
}

/** What a kill may leave and a finished run must not: temp files/folders, attempts, locks. */
function debris(runDir: string): string[] {
  const found: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d)) {
      const r = rel ? `${rel}/${name}` : name;
      if (isDebris(name) || /\.attempt$|^\.attempt\.json$|^\.lock$/.test(name)) found.push(r);
      else if (statSync(join(d, name)).isDirectory()) walk(join(d, name), r);
    }
  };
  walk(runDir, '');
  return found;
}

describe('fault injection: SIGKILL at any write of any stage', () => {
  it(`${SEEDS} seeds: every resumed run ends identical to an uninterrupted one, with no debris`, () => {
    const base = mkdtempSync(join(tmpdir(), 'topiclens-fault-'));
    const work = join(base, 'w'); // every run at the same path, so paths inside outputs compare equal
    const runDir = join(work, 'runs/tiny');
    const fresh = () => {
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work, { recursive: true });
      return tinyWorld(work);
    };
    const t0 = Date.now();
    const traceFile = join(base, 'trace.txt');
    const reference = run(fresh(), work, { TOPICLENS_FAULT_TRACE: traceFile });
    expect(reference.status, reference.stderr).toBe(0);
    const want = snapshot(runDir);
    expect(Object.keys(want)).toEqual(['attribute', 'evaluate', 'features', 'report', 'topics', 'train']);
    expect(debris(runDir)).toEqual([]);
    const points = readFileSync(traceFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const [n, op, path] = l.split(' ');
        return { n: Number(n), op: op!, path: path!, stage: stageOf(path!) };
      });
    const byStage = new Map(STAGES.map((s) => [s, points.filter((p) => p.stage === s)]));
    for (const s of STAGES) expect(byStage.get(s)!.length, `writes of ${s} in ${traceFile}`).toBeGreaterThan(0);
    const referenceSeconds = (Date.now() - t0) / 1000;

    const hits: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rnd = random(seed);
      const stage = STAGES[(seed - 1) % STAGES.length]!;
      const candidates = byStage.get(stage)!;
      const at = candidates[Math.floor(rnd() * candidates.length)]!;
      const config = fresh();
      const killed = run(config, work, { TOPICLENS_FAULT_AT: String(at.n) });
      expect(killed.signal, `seed ${seed}: not killed at write ${at.n} (${at.op} ${at.path}); ${killed.stderr}`).toBe('SIGKILL');
      const resumed = run(config, work);
      expect(resumed.status, `seed ${seed}, killed at write ${at.n} (${at.op} ${at.path}): ${resumed.stderr}`).toBe(0);
      expect(snapshot(runDir), `seed ${seed}, killed at write ${at.n} (${at.op} ${at.path})`).toEqual(want);
      expect(debris(runDir), `seed ${seed}, killed at write ${at.n} (${at.op} ${at.path})`).toEqual([]);
      hits.push(`${stage}:${at.op}`);
      if (process.env.TOPICLENS_FAULT_LOG)
        appendFileSync(
          process.env.TOPICLENS_FAULT_LOG,
          `seed ${seed}: killed in ${stage} at write ${at.n} (${at.op} ${at.path}); resumed identical, no debris (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`,
        );
    }
    expect(new Set(hits.map((h) => h.split(':')[0])).size).toBe(Math.min(SEEDS, STAGES.length));
    console.log(
      `fault injection: ${points.length} write points (${STAGES.map((s) => `${s} ${byStage.get(s)!.length}`).join(', ')}); reference run ${referenceSeconds.toFixed(1)} s; ${SEEDS} seeds in ${((Date.now() - t0) / 1000 - referenceSeconds).toFixed(0)} s: ${hits.join(' ')}`,
    );
  }, 1_800_000); // about 17 s a seed on an idle 2-core machine; the limit leaves room for a loaded one
});
