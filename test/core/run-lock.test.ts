import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, hashDirectory, LockHeldError, lockHolder } from '../../core/index.js';

// Issue 16: one writer per run folder (and per refine lineage, see plugins/refiners/lineage).
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'topiclens-lock-'));
});

const childScript = join(import.meta.dirname, '../fixtures/run-child.ts');
const writeConfig = (at: string) => {
  const file = join(at, 'exp.json');
  writeFileSync(file, JSON.stringify({ name: 'exp', seed: 5, dataset: { type: 'tiny', options: { videos: 2 } }, slow: { parts: 4 } }));
  return file;
};

/** A pid that is not running: a short-lived child's, after it exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('acquireLock', () => {
  it('a second taker fails at once, naming the holder; release frees it', () => {
    const file = join(dir, '.lock');
    const first = acquireLock(file, 'The run folder x');
    expect(lockHolder(file)).toMatchObject({ pid: process.pid, host: hostname() });
    // the same process asking again (a nested writer) is refused too
    expect(() => acquireLock(file, 'The run folder x')).toThrowError(LockHeldError);
    expect(() => acquireLock(file, 'The run folder x')).toThrowError(
      new RegExp(`^The run folder x is in use by pid ${process.pid} on ${hostname()} since \\d{4}-`),
    );
    first.release();
    expect(existsSync(file)).toBe(false);
    acquireLock(file, 'The run folder x').release();
  });

  it('a lock of a dead process on this host is reclaimed with a message; one of another host is not', () => {
    const file = join(dir, '.lock');
    const pid = deadPid();
    writeFileSync(
      file,
      JSON.stringify({ pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'topiclens run exp.json' }),
    );
    const notices: string[] = [];
    const lock = acquireLock(file, 'The run folder x', (l) => notices.push(l));
    expect(notices).toEqual([
      `The run folder x: reclaimed the stale lock ${file} of pid ${pid} on ${hostname()} since 2026-01-01T00:00:00.000Z (topiclens run exp.json): that process is no longer running`,
    ]);
    expect(lockHolder(file)!.pid).toBe(process.pid);
    lock.release();

    writeFileSync(
      file,
      JSON.stringify({ pid, host: 'elsewhere.example', startedAt: '2026-01-01T00:00:00.000Z', command: 'topiclens run exp.json' }),
    );
    expect(() => acquireLock(file, 'The run folder x')).toThrowError(`if that process on elsewhere.example is gone, delete ${file}.`);
  });

  it('an empty lock file (its writer died between create and write) is removed once it is old', async () => {
    const file = join(dir, '.lock');
    writeFileSync(file, '');
    expect(() => acquireLock(file, 'The run folder x')).toThrowError('is being locked by another process');
    const { utimesSync } = await import('node:fs');
    utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const notices: string[] = [];
    acquireLock(file, 'The run folder x', (l) => notices.push(l)).release();
    expect(notices[0]).toContain('removed the unreadable lock');
  });
});

describe('other writers of a run folder', () => {
  it('`topiclens report` refuses while the run folder is locked, naming the holder', async () => {
    const { BUILTIN_PLUGINS, runCli } = await import('../../index.js');
    const held = acquireLock(join(dir, '.lock'), 'The run folder x');
    const err: string[] = [];
    try {
      expect(await runCli(['report', dir], { modules: [BUILTIN_PLUGINS], stdout: () => {}, stderr: (t) => err.push(t) })).toBe(1);
    } finally {
      held.release();
    }
    expect(err.join('\n')).toContain(`The run folder ${dir} is in use by pid ${process.pid} on ${hostname()}`);
    expect(existsSync(join(dir, 'report'))).toBe(false);
  }, 60_000);
});

describe('two `run`s on one run folder', () => {
  it('the second fails at once naming the first; the first finishes with intact results', async () => {
    const file = writeConfig(dir);
    const hold = join(dir, 'release');
    const env = { ...process.env, TOPICLENS_TEST_TRACE: join(dir, 'trace.txt') };
    const first = spawn(process.execPath, ['--import', 'tsx', childScript, file], {
      env: { ...env, TOPICLENS_TEST_HOLD: hold },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let firstErr = '';
    first.stderr.on('data', (d) => (firstErr += d));
    const firstDone = new Promise<number | null>((r) => first.on('exit', (code) => r(code)));
    for (let i = 0; i < 600 && !existsSync(`${hold}.ready`); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(`${hold}.ready`), firstErr).toBe(true);

    const second = spawnSync(process.execPath, ['--import', 'tsx', childScript, file], { env, encoding: 'utf8' });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`The run folder ${join(dir, 'runs/exp')} is in use by pid ${first.pid} on ${hostname()} since`);
    expect(second.stderr).toContain(`Wait for it to finish`);
    expect(first.exitCode).toBeNull(); // at once: it did not wait for the first, which is still holding

    writeFileSync(hold, '');
    expect(await firstDone, firstErr).toBe(0);
    const runDir = join(dir, 'runs/exp');
    expect(readdirSync(runDir).sort()).toEqual(['config.json', 'log.jsonl', 'run.json', 'sink', 'slow', 'source']);
    expect(readFileSync(join(runDir, 'sink/summary.txt'), 'utf8').split('\n')).toHaveLength(4);
    expect(readFileSync(join(dir, 'trace.txt'), 'utf8').trim().split('\n')).toEqual(['source', 'slow', 'sink']);
    const log = readFileSync(join(runDir, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.filter((r) => r.event === 'start')).toHaveLength(1);

    const clean = mkdtempSync(join(tmpdir(), 'topiclens-lock-clean-'));
    const ref = spawnSync(process.execPath, ['--import', 'tsx', childScript, writeConfig(clean)], { encoding: 'utf8' });
    expect(ref.status, ref.stderr).toBe(0);
    for (const stage of ['source', 'slow', 'sink'])
      expect(hashDirectory(join(runDir, stage), ['manifest.json'])).toBe(hashDirectory(join(clean, 'runs/exp', stage), ['manifest.json']));
  }, 120_000);

  it.runIf(process.env.CI === 'true')(
    'a run killed while holding the lock leaves a stale lock that the next run reclaims',
    () => {
      const file = writeConfig(dir);
      const killed = spawnSync(process.execPath, ['--import', 'tsx', childScript, file], {
        env: { ...process.env, TOPICLENS_TEST_KILL_AT: '1' },
        encoding: 'utf8',
      });
      expect(killed.signal).toBe('SIGKILL');
      const stale = lockHolder(join(dir, 'runs/exp/.lock'));
      expect(stale?.pid).toBe(killed.pid);
      const again = spawnSync(process.execPath, ['--import', 'tsx', childScript, file], {
        env: { ...process.env, TOPICLENS_TEST_QUIET: '0' },
        encoding: 'utf8',
      });
      expect(again.status, again.stderr).toBe(0);
      expect(again.stderr).toContain(`reclaimed the stale lock ${join(dir, 'runs/exp/.lock')} of pid ${killed.pid}`);
      expect(existsSync(join(dir, 'runs/exp/.lock'))).toBe(false);
    },
    60_000,
  );
});
