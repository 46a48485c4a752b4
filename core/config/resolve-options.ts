import { ConfigError, type ConfigProblem } from '../errors.js';
import type { JsonSchema } from '../plugin/manifest.js';
import { compile } from './ajv.js';
import { formatAjvError, relevantErrors } from './format-ajv-error.js';
import { isPlainObject } from './merge.js';

/** What options are resolved from: a plugin's or a stage's schema and defaults. */
export interface OptionsSource {
  optionsSchema?: object;
  defaults?: object;
}

/**
 * `options` over a fresh copy of `defaults`: plain objects merge key by key (a config may give
 * `train.validation.metric` alone), arrays and scalars replace. This is the only place defaults
 * are merged; everything downstream receives the result.
 */
export function withDefaults<O>(defaults: object | undefined, options: unknown): O {
  const base = structuredClone(defaults ?? {}) as Record<string, unknown>;
  if (!isPlainObject(options)) return base as O;
  for (const [key, value] of Object.entries(options)) {
    const prev = base[key];
    base[key] = isPlainObject(prev) && isPlainObject(value) ? withDefaults(prev, value) : value;
  }
  return base as O;
}

/** The schema problems of `data`, as absolute JSON pointers under `prefix`. */
export function schemaProblems(schema: object, data: unknown, prefix: string): Omit<ConfigProblem, 'file'>[] {
  const validate = compile(schema as JsonSchema);
  if (validate(data)) return [];
  return relevantErrors(validate.errors ?? []).map((e) => {
    const f = formatAjvError(e, data);
    return { path: prefix + f.path, message: f.message };
  });
}

/** Options with defaults merged, and their schema problems (empty when valid). */
export function resolveOptions<O>(
  source: OptionsSource,
  options: unknown,
  prefix = '',
): { options: O; problems: Omit<ConfigProblem, 'file'>[] } {
  const resolved = withDefaults<O>(source.defaults, options);
  return { options: resolved, problems: source.optionsSchema ? schemaProblems(source.optionsSchema, resolved, prefix) : [] };
}

/**
 * For callers that build options outside loadConfig (commands, tests, createPlugin): the
 * resolved, complete options, or a ConfigError naming `file` and the JSON path of each problem.
 */
export function resolvedOptions<O>(source: OptionsSource, options: unknown, where: { file: string; path?: string }): O {
  const { options: resolved, problems } = resolveOptions<O>(source, options, where.path ?? '');
  if (problems.length)
    throw new ConfigError(
      where.file,
      problems.map((p) => ({ ...p, file: undefined })),
    );
  return resolved;
}
