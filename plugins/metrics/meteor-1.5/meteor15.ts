import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { TopiclensError } from '../../../core/errors.js';
import type { PreparedItem } from '../shared/prepare.js';

export interface Meteor15Options {
  jar: string;
  java: string;
  memory: string;
}

/**
 * Run METEOR 1.5 the way coco-caption's meteor.py does: `java -jar -Xmx2G meteor-1.5.jar - -
 * -stdio -l en -norm` in the jar's folder; one `SCORE ||| ref ||| ... ||| hyp` line per item
 * (each answered by a stats line), then one `EVAL ||| stats ||| ...` line answered by the
 * per-item scores and the corpus score.
 */
export async function meteor15(items: readonly PreparedItem[], o: Meteor15Options): Promise<{ corpus: number; items: number[] }> {
  if (!existsSync(o.jar)) {
    throw new TopiclensError(
      `meteor-1.5: jar not found at ${o.jar}. Download METEOR 1.5 (meteor-1.5.jar, e.g. from coco-caption's pycocoevalcap/meteor/) and set the option "jar" to its path.`,
    );
  }
  const child = spawn(o.java, ['-jar', `-Xmx${o.memory}`, o.jar, '-', '-', '-stdio', '-l', 'en', '-norm'], {
    cwd: dirname(o.jar),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let buffer = '';
  let stderr = '';
  let failure: Error | undefined;
  const fail = (e: Error): void => {
    failure = e;
    for (const w of waiters.splice(0)) w('');
  };
  child.on('error', (e: NodeJS.ErrnoException) =>
    fail(
      new TopiclensError(
        e.code === 'ENOENT'
          ? `meteor-1.5: Java not found ("${o.java}"). Install a Java runtime (e.g. apt-get install default-jre) or set the option "java" to the java binary.`
          : `meteor-1.5: cannot start ${o.java}: ${e.message}`,
      ),
    ),
  );
  child.on('exit', (code) => {
    if (waiters.length)
      fail(new TopiclensError(`meteor-1.5: java exited with code ${code} before answering. ${stderr.trim().slice(-500)}`));
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const readLine = (): Promise<string> =>
    new Promise((res, rej) => {
      if (failure) return rej(failure);
      const l = lines.shift();
      if (l !== undefined) return res(l);
      waiters.push((line) => (failure ? rej(failure) : res(line)));
    });
  const write = (s: string): void => void child.stdin.write(`${s}\n`);

  try {
    const stats: string[] = [];
    for (const it of items) {
      const hyp = it.hyp.join(' ').replaceAll('|||', '').replaceAll('  ', ' ');
      write(['SCORE', it.refs.map((r) => r.join(' ')).join(' ||| '), hyp].join(' ||| '));
      stats.push(await readLine());
    }
    write(`EVAL ||| ${stats.join(' ||| ')}`);
    const scores: number[] = [];
    for (let i = 0; i < items.length; i++) scores.push(Number(await readLine()));
    const corpus = Number(await readLine());
    if (!Number.isFinite(corpus) || scores.some((s) => !Number.isFinite(s))) {
      throw new TopiclensError(`meteor-1.5: unexpected output from the jar (not numbers). ${stderr.trim().slice(-500)}`);
    }
    return { corpus, items: scores };
  } finally {
    child.stdin.end();
    child.kill();
  }
}
