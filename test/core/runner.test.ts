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
  writeFileSync(
    file,
    JSON.stringify({ name: 'exp', seed: 5, dataset: { type: 'tiny', options: { videos: 2 } }, slow: { parts: 4 }, ...extra }),
  );
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
  delete process.env.TOPICLENS_TEST_FAIL_AT;
  registry = await createRegistry([
    new URL('../fixtures/counting-stages.ts', import.meta.url),
    new URL('../fixtures/test-plugins-module.ts', import.meta.url),
  ]);
});

describe('runExperiment', () => {
  it('runs stages in order, then skips them all when nothing changed', async () => {
    const file = config();
    const first = await run(file);
    expect(first.stages.map((s) => `${s.name}:${s.status}`)).toEqual(['source:ran', 'slow:ran', 'sink:ran']);
    expect(readFileSync(join(dir, 'runs/exp/sink/summary.txt'), 'utf8')).toBe(
      [
        '0:{"type":"tiny","options":{"videos":2}}:5',
        '1:{"type":"tiny","options":{"videos":2}}:5',
        '2:{"type":"tiny","options":{"videos":2}}:5',
        '3:{"type":"tiny","options":{"videos":2}}:5',
      ].join('\n'),
    );
    const second = await run(file);
    expect(second.stages.map((s) => s.status)).toEqual(['cached', 'cached', 'cached']);
    expect(trace()).toEqual(['source', 'slow', 'sink']);
    const log = readFileSync(join(dir, 'runs/exp/log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
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

  it('a failed re-run keeps the finished outputs: the stage folder is replaced only when the new attempt succeeds', async () => {
    const file = config();
    await run(file);
    const before = hashDirectory(join(dir, 'runs/exp/slow'));
    process.env.TOPICLENS_TEST_FAIL_AT = '1';
    await expect(run(file, { from: 'slow' })).rejects.toThrowError('slow: failing after part 1');
    expect(hashDirectory(join(dir, 'runs/exp/slow'))).toBe(before);
    expect(readdirSync(join(dir, 'runs/exp/slow')).sort()).toEqual([
      'manifest.json',
      'part-0.txt',
      'part-1.txt',
      'part-2.txt',
      'part-3.txt',
    ]);
    expect(readFileSync(join(dir, 'runs/exp/sink/summary.txt'), 'utf8').split('\n')).toHaveLength(4);
    delete process.env.TOPICLENS_TEST_FAIL_AT;
    // the next plain run finds everything up to date and drops the failed attempt
    expect((await run(file)).stages.map((s) => s.status)).toEqual(['cached', 'cached', 'cached']);
    expect(existsSync(join(dir, 'runs/exp/.slow.attempt'))).toBe(false);
  });

  it('a kill while publishing: a complete attempt not yet swapped in is published; a folder moved aside is moved back', async () => {
    const file = config();
    await run(file);
    const { renameSync, cpSync } = await import('node:fs');
    const runDir = join(dir, 'runs/exp');
    const good = hashDirectory(join(runDir, 'slow'));
    // killed between the two renames of the swap: the old folder aside, the new one complete beside it
    cpSync(join(runDir, 'slow'), join(runDir, '.slow.attempt'), { recursive: true });
    renameSync(join(runDir, 'slow'), join(runDir, '.slow.old-999-1'));
    const said: string[] = [];
    const again = await runExperiment(await loadConfig(file, registry), registry, {
      backend: 'cpu',
      output: { stream: { write: (s: string) => said.push(s) } },
    });
    expect(again.stages.map((s) => s.status)).toEqual(['cached', 'cached', 'cached']);
    expect(said.join('')).toContain('restored slow from .slow.old-999-1');
    expect(said.join('')).toContain('[slow] published the finished attempt .slow.attempt');
    expect(hashDirectory(join(runDir, 'slow'))).toBe(good);
    expect(readdirSync(runDir).filter((n) => n.startsWith('.'))).toEqual([]);
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
    expect(readdirSync(join(dir, 'runs/exp/.slow.attempt')).sort()).toEqual(['.attempt.json', 'part-0.txt', 'part-1.txt']);
    expect(existsSync(join(dir, 'runs/exp/slow'))).toBe(false);
    const resumed = child({});
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(trace()).toEqual(['source', 'slow', 'slow(resume)', 'sink']);
    expect(readdirSync(join(dir, 'runs/exp')).sort()).toEqual(['config.json', 'log.jsonl', 'run.json', 'sink', 'slow', 'source']);

    const cleanDir = mkdtempSync(join(tmpdir(), 'topiclens-run-clean-'));
    writeFileSync(join(cleanDir, 'exp.json'), readFileSync(file));
    const clean = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../fixtures/run-child.ts'), join(cleanDir, 'exp.json')],
      { encoding: 'utf8' },
    );
    expect(clean.status, clean.stderr).toBe(0);
    for (const stage of ['source', 'slow', 'sink']) {
      expect(hashDirectory(join(dir, 'runs/exp', stage), ['manifest.json'])).toBe(
        hashDirectory(join(cleanDir, 'runs/exp', stage), ['manifest.json']),
      );
    }
  }, 180_000);
});
