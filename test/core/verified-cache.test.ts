import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cleanDebris, createRegistry, hashDirectory, loadConfig, runExperiment, sha256, type PluginRegistry } from '../../core/index.js';

// Issue 16: the cache checks the outputs themselves, not only manifest.json; debris of a kill is
// cleaned and never hashed.
let dir: string;
let traceFile: string;
let registry: PluginRegistry;
let said: string[];

const config = () => {
  const file = join(dir, 'exp.json');
  writeFileSync(file, JSON.stringify({ name: 'exp', seed: 5, dataset: { type: 'tiny', options: { videos: 2 } }, slow: { parts: 3 } }));
  return file;
};
const trace = () => (existsSync(traceFile) ? readFileSync(traceFile, 'utf8').trim().split('\n') : []);
const run = async () => {
  said = [];
  return runExperiment(await loadConfig(config(), registry), registry, {
    backend: 'cpu',
    output: { stream: { write: (s: string) => said.push(s) } },
  });
};
const manifest = (stage: string) => JSON.parse(readFileSync(join(dir, 'runs/exp', stage, 'manifest.json'), 'utf8'));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'topiclens-verify-'));
  traceFile = join(dir, 'trace.txt');
  process.env.TOPICLENS_TEST_TRACE = traceFile;
  delete process.env.TOPICLENS_TEST_KILL_AT;
  registry = await createRegistry([
    new URL('../fixtures/counting-stages.ts', import.meta.url),
    new URL('../fixtures/test-plugins-module.ts', import.meta.url),
  ]);
});

describe('verified stage outputs', () => {
  it('the manifest records each output file with its size and sha256', async () => {
    await run();
    const data = '{"type":"tiny","options":{"videos":2}}';
    expect(manifest('source').files).toEqual({ 'data.json': { size: data.length, sha256: sha256(data) } });
    expect(Object.keys(manifest('slow').files)).toEqual(['part-0.txt', 'part-1.txt', 'part-2.txt']);
    expect(manifest('slow').files['part-2.txt'].size).toBe(`2:${data}:5`.length);
  });

  it('a truncated, changed or deleted output reruns its stage, saying why, and the stages after it', async () => {
    await run();
    truncateSync(join(dir, 'runs/exp/slow/part-1.txt'), 3);
    const second = await run();
    expect(second.stages.map((s) => `${s.name}:${s.status}`)).toEqual(['source:cached', 'slow:ran', 'sink:cached']);
    expect(said.join('')).toContain('[slow] inputs unchanged but part-1.txt has 3 bytes, the manifest records 42; running it again');
    expect(readFileSync(join(dir, 'runs/exp/slow/part-1.txt'), 'utf8')).toBe('1:{"type":"tiny","options":{"videos":2}}:5');

    writeFileSync(join(dir, 'runs/exp/source/data.json'), '{"type":"tinY","options":{"videos":2}}'); // same size
    await run();
    expect(said.join('')).toContain('[source] inputs unchanged but data.json differs from the recorded content (sha256)');
    expect(trace().slice(-1)).toEqual(['source']); // same content again: slow and sink stay cached

    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'runs/exp/sink/summary.txt'));
    await run();
    expect(said.join('')).toContain('[sink] inputs unchanged but summary.txt is missing');
    expect(existsSync(join(dir, 'runs/exp/sink/summary.txt'))).toBe(true);
    const log = readFileSync(join(dir, 'runs/exp/log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.filter((r) => r.event === 'stage-outputs-changed').map((r) => r.stage)).toEqual(['slow', 'source', 'sink']);
  });

  it('a manifest written before file lists is checked against its outputHash', async () => {
    await run();
    const file = join(dir, 'runs/exp/slow/manifest.json');
    const { files: _files, ...legacy } = manifest('slow');
    writeFileSync(file, JSON.stringify(legacy));
    expect((await run()).stages.map((s) => s.status)).toEqual(['cached', 'cached', 'cached']);
    writeFileSync(join(dir, 'runs/exp/slow/part-0.txt'), 'garbage');
    await run();
    expect(said.join('')).toContain('[slow] inputs unchanged but its files no longer hash to the recorded outputHash; running it again');
  });

  it('debris of a kill is never hashed, and is cleaned when the stage starts again', async () => {
    const stage = join(dir, 'stage');
    mkdirSync(join(stage, 'checkpoint/last'), { recursive: true });
    writeFileSync(join(stage, 'a.txt'), 'a');
    writeFileSync(join(stage, 'checkpoint/last/state.json'), '{"epoch":2}');
    const clean = hashDirectory(stage);
    mkdirSync(join(stage, 'checkpoint/.last.tmp-77-3'));
    writeFileSync(join(stage, 'checkpoint/.last.tmp-77-3/state.json'), '{"epoch":3}');
    mkdirSync(join(stage, '.model.tmp-77-4'));
    writeFileSync(join(stage, 'b.txt.77.5.tmp'), 'half');
    expect(hashDirectory(stage)).toBe(clean);
    expect(cleanDebris(stage)).toEqual(['removed .model.tmp-77-4', 'removed b.txt.77.5.tmp', 'removed checkpoint/.last.tmp-77-3']);
    expect(readdirSync(stage).sort()).toEqual(['a.txt', 'checkpoint']);
    expect(readdirSync(join(stage, 'checkpoint'))).toEqual(['last']);
  });

  it('a kill between the two renames of writeDirAtomic: the previous version is moved back', () => {
    const stage = join(dir, 'stage');
    // what a SIGKILL after `rename(last, .last.old-*)` and before `rename(.last.tmp-*, last)` leaves
    mkdirSync(join(stage, 'checkpoint/.last.old-77-1'), { recursive: true });
    writeFileSync(join(stage, 'checkpoint/.last.old-77-1/state.json'), '{"epoch":2}');
    mkdirSync(join(stage, 'checkpoint/.last.tmp-77-2'));
    writeFileSync(join(stage, 'checkpoint/.last.tmp-77-2/state.json'), '{"epoch":3}');
    expect(cleanDebris(stage)).toEqual([
      'restored checkpoint/last from checkpoint/.last.old-77-1 (a write of it was interrupted)',
      'removed checkpoint/.last.tmp-77-2',
    ]);
    expect(readdirSync(join(stage, 'checkpoint'))).toEqual(['last']);
    expect(readFileSync(join(stage, 'checkpoint/last/state.json'), 'utf8')).toBe('{"epoch":2}');
  });

  it('a resumed stage starts with the debris of the killed attempt removed', async () => {
    process.env.TOPICLENS_TEST_KILL_AT = '1';
    const { spawnSync } = await import('node:child_process');
    const child = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../fixtures/run-child.ts'), config()], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
    expect(child({ TOPICLENS_TEST_KILL_AT: '1' }).signal).toBe('SIGKILL');
    delete process.env.TOPICLENS_TEST_KILL_AT;
    const attemptDir = readdirSync(join(dir, 'runs/exp')).find((n) => n.includes('slow') && n !== 'slow') ?? 'slow';
    writeFileSync(join(dir, 'runs/exp', attemptDir, 'part-2.txt.999.1.tmp'), 'half-written');
    await run();
    expect(said.join('')).toContain('[slow] removed part-2.txt.999.1.tmp');
    expect(readdirSync(join(dir, 'runs/exp/slow')).sort()).toEqual(['manifest.json', 'part-0.txt', 'part-1.txt', 'part-2.txt']);
  }, 60_000);
});
