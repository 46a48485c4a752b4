import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger, Progress } from '../logger.js';
import { numericLeaves, type EventFileWriter } from './tensorboard/event-file.js';

export interface RunLoggerOptions {
  /** `runs/<name>/log.jsonl`; omit to record nothing. */
  logFile?: string;
  /** Where messages and progress go (default: stderr). */
  stream?: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  quiet?: boolean;
  /** Seconds between plain progress lines when not on a TTY. */
  plainInterval?: number;
  /** Also write every record's numbers (and `scalars`) as TensorBoard scalars. */
  tensorboard?: EventFileWriter;
  /**
   * Called on every message, record and progress tick of the stage: a sign of life from inside
   * its computation, even when the computation never yields to the event loop (a queue worker
   * renews its job's lock from it).
   */
  heartbeat?: () => void;
}

const formatDuration = (s: number): string =>
  s < 60
    ? `${s.toFixed(0)}s`
    : s < 3600
      ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`
      : `${(s / 3600).toFixed(1)}h`;

/** A logger for one stage of a run: JSON lines to the run log, messages and progress to the console. */
export function createRunLogger(stage: string, options: RunLoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY);
  const beat = options.heartbeat ?? (() => {});
  const say = (line: string) => {
    beat();
    if (!options.quiet) stream.write(`${line}\n`);
  };
  const board = options.tensorboard;
  const record = (event: string, fields: Record<string, unknown> = {}) => {
    beat();
    if (board) {
      // Epoch records land at their epoch, step records at their step, the rest at 0.
      const step = typeof fields.epoch === 'number' ? fields.epoch : typeof fields.step === 'number' ? fields.step : 0;
      board.scalars(step, numericLeaves(event.includes('/') ? event : `${stage}/${event}`, fields));
    }
    if (!options.logFile) return;
    mkdirSync(dirname(options.logFile), { recursive: true });
    appendFileSync(options.logFile, `${JSON.stringify({ time: new Date().toISOString(), stage, event, ...fields })}\n`);
  };
  const progress = (label: string, total: number): Progress => {
    const start = Date.now();
    let done = 0;
    let lastPlain = 0;
    let lastDraw = 0;
    const render = (info?: string, final = false) => {
      if (options.quiet) return;
      const elapsed = (Date.now() - start) / 1000;
      const rate = done / Math.max(elapsed, 1e-9);
      const eta = rate > 0 && total > done ? ` eta ${formatDuration((total - done) / rate)}` : '';
      const pct = total > 0 ? Math.min(100, (100 * done) / total) : 100;
      const text = `${stage} ${label} ${done}/${total} (${pct.toFixed(0)}%) ${formatDuration(elapsed)}${eta}${info ? ` ${info}` : ''}`;
      if (tty) {
        const width = 24;
        const filled = Math.round((pct / 100) * width);
        stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}${final ? '\n' : ''}`);
      } else {
        stream.write(`${text}\n`);
      }
    };
    return {
      tick(n = 1, info) {
        beat();
        done += n;
        const now = Date.now();
        if (tty ? now - lastDraw > 100 : now - lastPlain > (options.plainInterval ?? 10) * 1000) {
          lastDraw = lastPlain = now;
          render(info);
        }
      },
      done(info) {
        render(info, true);
      },
    };
  };
  return {
    info: (m) => say(m),
    warn: (m) => {
      say(`warning: ${m}`);
      record('warning', { message: m });
    },
    record,
    progress,
    scalars: (step, values) => board?.scalars(step, Object.fromEntries(Object.entries(values).map(([k, v]) => [`${stage}/${k}`, v]))),
  };
}
