import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRegistry, hashDirectory, loadConfig, runExperiment, type PluginRegistry } from '../../core/index.js';

let dir: string;
let traceFile: string;
let registry: PluginRegistry;

const config = (extra: Record<string, unknown> = {}) => {
  const file = join(dir, 'exp.json');
  writeFileSync(file, JSON.stringify({ name: 'exp', seed: 5, dataset: { type: 'tiny', options: { videos: 2 } }, slow: { parts: 4 }, ...extra }));
  return file;
};
const trace = () => (existsSync(traceFile) ? readFileSync(traceFile, 'utf8').trim().split('\n') : []);
const run = async (file: string, options = {}) =>
  runExperiment(await loadConfig(file, registry), registry, { backend: 'cpu', output: { quiet: true }, ...options });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'topiclens-run-'));
  traceFile = join(dir, 'trace.txt');
  process.env.TOPICLENS_TEST_TRACE = traceFile;
  delete process.env.TOPICLENS_TEST_KILL_AT;
  registry = await createRegistry([new URL('../fixtures/counting-stages.ts', import.meta.url), new URL('../fixtures/test-plugins-module.ts', import.meta.url)]);
});

describe('runExperiment', () => {
  it('runs stages in order, then skips them all when nothing changed', async () => {
    const file = config();
    const first = await run(file);
    expect(first.stages.map((s) => `${s.name}:${s.status}`)).toEqual(['source:ran', 'slow:ran', 'sink:ran']);
    expect(readFileSync(join(dir, 'runs/exp/sink/summary.txt'), 'utf8')).toBe(
      ['0:{"type":"tiny","options":{"videos":2}}:5', '1:{"type":"tiny","options":{"videos":2}}:5', '2:{"type":"tiny","options":{"videos":2}}:5', '3:{"type":"tiny","options":{"videos":2}}:5'].join('\n'),
    );
    const second = await run(file);
    expect(second.stages.map((s) => s.status)).toEqual(['cached', 'cached', 'cached']);
    expect(trace()).toEqual(['source', 'slow', 'sink']);
    const log = readFileSync(join(dir, 'runs/exp/log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.filter((r) => r.event === 'stage-end').map((r) => r.stage)).toEqual(['source', 'slow', 'sink']);
  });

  it('reruns a stage whose config slice changed, and everything downstream of a changed output', async () => {
    await run(config());
    await run(config({ slow: { parts: 5 } }));
    expect(trace()).toEqual(['source', 'slow', 'sink', 'slow', 'sink']);
    await run(config({ slow: { parts: 5 }, dataset: { type: 'tiny', options: { videos: 3 } } }));
    expect(trace().slice(5)).toEqual(['source', 'slow', 'sink']);
  });

  it('--from forces a stage and those after it', async () => {
    const file = config();
    await run(file);
    const forced = await run(file, { from: 'slow' });
    expect(forced.stages.map((s) => s.status)).toEqual(['cached', 'ran', 'ran']);
    await expect(run(file, { from: 'nope' })).rejects.toThrowError('--from nope: no such stage. Stages: source, slow, sink');
  });

  it('resumes a stage killed with SIGKILL and ends with the same outputs as an uninterrupted run', () => {
    const file = config();
    const child = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../fixtures/run-child.ts'), file], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
    const killed = child({ TOPICLENS_TEST_KILL_AT: '1' });
    expect(killed.signal).toBe('SIGKILL');
    expect(readdirSync(join(dir, 'runs/exp/slow')).sort()).toEqual(['.attempt.json', 'part-0.txt', 'part-1.txt']);
    const resumed = child({});
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(trace()).toEqual(['source', 'slow', 'slow(resume)', 'sink']);

    const cleanDir = mkdtempSync(join(tmpdir(), 'topiclens-run-clean-'));
    writeFileSync(join(cleanDir, 'exp.json'), readFileSync(file));
    const clean = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../fixtures/run-child.ts'), join(cleanDir, 'exp.json')], { encoding: 'utf8' });
    expect(clean.status, clean.stderr).toBe(0);
    for (const stage of ['source', 'slow', 'sink']) {
      expect(hashDirectory(join(dir, 'runs/exp', stage), ['manifest.json'])).toBe(hashDirectory(join(cleanDir, 'runs/exp', stage), ['manifest.json']));
    }
  }, 60_000);
});
