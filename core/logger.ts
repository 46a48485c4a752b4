/** Where stages and plugins report. Records go to `log.jsonl`; messages to the console. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** Append a JSON line `{time, stage, event, ...fields}` to the run log. */
  record(event: string, fields?: Record<string, unknown>): void;
  /** Progress of long work: a bar on a TTY, periodic plain lines otherwise. */
  progress(label: string, total: number): Progress;
  /**
   * Scalars too frequent for the run log (per training step): written as TensorBoard scalars
   * `<stage>/<tag>` at `step` when the run's `tensorboard` key is on, dropped otherwise.
   */
  scalars?(step: number, values: Record<string, number>): void;
}

export interface Progress {
  /** Advance by `n` (default 1); `info` is shown beside the bar (e.g. `loss 2.31`). */
  tick(n?: number, info?: string): void;
  done(info?: string): void;
}

/** A logger that prints to stderr and records nothing: for library use and tests. */
export const consoleLogger = (quiet = false): Logger => ({
  info: (m) => {
    if (!quiet) process.stderr.write(`${m}\n`);
  },
  warn: (m) => process.stderr.write(`warning: ${m}\n`),
  record: () => {},
  progress: () => ({ tick: () => {}, done: () => {} }),
});
