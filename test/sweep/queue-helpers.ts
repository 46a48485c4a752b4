import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Start a worker process on the queue at `url`: `script` runs `topiclens worker` with some modules, or is the CLI (`command` ['worker']). */
export function startWorkerProcess(
  script: string,
  url: string,
  flags: string[],
  env: Record<string, string>,
  command: string[] = [],
): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...command, '--queue', url, ...flags], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return { child, output: () => out };
}

export const stopProcess = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });

export async function until<T>(what: string, check: () => T | undefined | false, timeoutMs: number, everyMs = 50): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A stage folder's file in a run, finished or still being written (issue 16 writes attempts to `.<stage>.attempt/`). */
export function stageFileInProgress(sweepDir: string, stage: string, file: string): string | undefined {
  if (!existsSync(sweepDir)) return undefined;
  for (const run of readdirSync(sweepDir)) {
    for (const d of [join(sweepDir, run, `.${stage}.attempt`), join(sweepDir, run, stage)]) {
      if (existsSync(join(d, file))) return run;
    }
  }
  return undefined;
}

/** run → stage → outputHash of every finished stage under a sweep folder. */
export function outputHashes(sweepDir: string, stages: string[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const run of readdirSync(sweepDir)
    .filter((r) => existsSync(join(sweepDir, r, 'config.json')))
    .sort()) {
    out[run] = {};
    for (const st of stages) {
      const m = join(sweepDir, run, st, 'manifest.json');
      out[run]![st] = existsSync(m) ? JSON.parse(readFileSync(m, 'utf8')).outputHash : 'missing';
    }
  }
  return out;
}
