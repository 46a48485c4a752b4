/**
 * An error caused by the user's input (config, data, arguments). The CLI prints its message
 * without a stack trace and exits with `exitCode`.
 */
export class TopiclensError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TopiclensError';
  }
}

/** A config problem at a JSON path. */
export interface ConfigProblem {
  /** JSON pointer into the merged config, e.g. `/decoder/options/units`. */
  path: string;
  message: string;
  /** The file that set the value at `path` (or the top config file). */
  file?: string;
}

export class ConfigError extends TopiclensError {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(ConfigError.format(file, problems), 2);
    this.name = 'ConfigError';
  }

  static format(file: string, problems: ConfigProblem[]): string {
    const head = `${file}: ${problems.length} config problem${problems.length === 1 ? '' : 's'}`;
    const lines = problems.map((p) => {
      const where = p.file && p.file !== file ? ` (set in ${p.file})` : '';
      return `  ${p.path || '/'}: ${p.message}${where}`;
    });
    return [head, ...lines].join('\n');
  }
}
