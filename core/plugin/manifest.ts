import type * as tf from '@tensorflow/tfjs-core';
import type { JSONSchemaType } from 'ajv';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { parseCommandArgs, type CommandArgs, type CommandFlags } from '../cli/args.js';
import type { ExtensionPoint, ExtensionPointTypes } from '../contracts/tokens.js';
import type { Logger } from '../logger.js';
import type { ExperimentConfig } from '../config/types.js';
import type { PluginRegistry } from './registry.js';

/** A JSON Schema object (draft 2020-12 / draft-07 subset that ajv understands). */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of an options type `O`, checked against `O` by ajv's JSONSchemaType: a schema
 * that misses a property of `O`, types one differently, or forgets to list a required one does
 * not compile, so the interface and the schema cannot drift. Optional properties need
 * `nullable: true` (ajv's rule; config merging removes nulls before validation). The registry's
 * view (`O` = any) is a plain JsonSchema.
 */
export type OptionsSchema<O> = 0 extends 1 & O ? JsonSchema : JSONSchemaType<O>;

/** What a plugin's factory is given from the run's container: one token per dependency, by name. */
export type InjectTokens<D> = { [K in keyof D]: InjectionToken<D[K]> };

/** A plugin that injects nothing. */
export type NoDeps = Record<never, never>;

/** `create`'s third argument: the resolved dependencies (optional for a plugin without any, so tests can call create(options, ctx)). */
export type DepsArgument<D> = 0 extends 1 & D ? [deps?: D] : [keyof D] extends [never] ? [deps?: D] : [deps: D];

/** What a plugin factory receives besides its options. */
export interface PluginContext {
  container: DependencyContainer;
  resolve<T>(token: InjectionToken<T>): T;
  tf: typeof tf;
  logger: Logger;
  /** The experiment's seed (plugins derive their own streams from it). */
  seed: number;
  /** The run folder, when running inside a run. */
  runDir?: string;
  /** Folder of the config file that selected this plugin: resolve relative paths against it. */
  configDir: string;
}

/** What a `validate` hook of a plugin or stage receives (the config is schema-valid, defaults merged). */
export interface ValidateContext {
  config: ExperimentConfig;
  /** JSON pointer of what the hook checks: `/dataset/options`, `/train`, ... */
  path: string;
  /** Split sizes the data set's plugin declares before loading (absent when it cannot know them). */
  splits?: { train: number; val: number; test: number };
  /** Score keys the configured metric plugins produce (absent when one of them does not say). */
  metricKeys?: string[];
}

/** A finding of a `validate` hook; `path` is an absolute JSON pointer into the config. */
export interface CheckFinding {
  path: string;
  message: string;
}

/**
 * What a `validate` hook returns: what `topiclens validate` can tell before a run. Problems fail
 * validation (and `run`, before any stage); warnings are printed.
 */
export interface ConfigCheck {
  problems?: CheckFinding[];
  warnings?: CheckFinding[];
  /**
   * A lower bound of the memory the plugin's tensors need: trainable parameters (float32, kept with
   * their gradient and optimizer state) and float32 values per example of a batch (activations kept
   * for backpropagation). validate sums these over the slots and compares with the memory available.
   */
  memory?: { parameters: number; activationsPerExample: number };
  /** Data set plugins: the split sizes, when known before loading. */
  splits?: { train: number; val: number; test: number };
  /** Metric plugins: the score keys this configuration produces. */
  keys?: string[];
  /** Stages: examples per training batch. */
  batchSize?: number;
}

/**
 * A plugin: a plain object with meta, an options schema and a factory. `O` is its options type,
 * `D` what it depends on (e.g. `{ logger: Logger }`, declared in `inject`).
 */
// biome-ignore lint/suspicious/noExplicitAny: the defaults are the erased manifest (registry, plugin lists), whose options and deps callers spread and pass on untyped.
export interface PluginManifest<E extends ExtensionPoint = ExtensionPoint, O = any, D = any> {
  kind?: 'plugin';
  extensionPoint: E;
  name: string;
  version: string;
  description: string;
  /** JSON Schema of `options` (after `defaults` are merged in). */
  optionsSchema: OptionsSchema<O>;
  /** Merged under the user's options once, by config validation (core/config/resolve-options.ts). */
  defaults: Partial<O>;
  /**
   * Tokens of the run's container this plugin depends on, by name (e.g. `{ logger: TOKENS.logger }`);
   * `create` gets them resolved as its third argument. Plugins created earlier in the run (extension-point
   * order) can be injected; a later one must be resolved lazily, in a method, with `ctx.resolve`.
   */
  inject?: InjectTokens<D>;
  /** Receives the resolved options: defaults merged and schema-valid. Do not merge defaults again. */
  create(options: O, ctx: PluginContext, ...deps: DepsArgument<D>): ExtensionPointTypes[E] | Promise<ExtensionPointTypes[E]>;
  /** Optional checks beyond the schema, run by `topiclens validate` and before `run` (cheap: no files read, no tensors). */
  validate?(options: O, ctx: ValidateContext): ConfigCheck;
}

/** What a stage receives. `O` is the type of its config section. */
export interface StageContext<O = unknown> {
  name: string;
  config: ExperimentConfig;
  /** The stage's config section, resolved by validation (defaults merged); `{}` for a stage without one. */
  options: O;
  /** Folder of the config file (resolve relative paths in the config against it). */
  configDir: string;
  /** `runs/<name>` */
  runDir: string;
  /** `runs/<name>/<stage>`: exists; empty unless resuming the same inputs after a crash. */
  dir: string;
  /** True when `dir` holds partial work from an interrupted attempt with the same inputs. */
  resuming: boolean;
  /** The output folder of an earlier stage. */
  stageDir(stage: string): string;
  container: DependencyContainer;
  resolve<T>(token: InjectionToken<T>): T;
  resolveAll<T>(token: InjectionToken<T>): T[];
  registry: PluginRegistry;
  tf: typeof tf;
  logger: Logger;
  seed: number;
}

/** Part `index` (0-based) of `count` equal parts of a stage's work (see StageManifest.runShard). */
export interface StageShard {
  index: number;
  count: number;
}

/** A step of `topiclens run`. Stages come from plugin modules, like plugins. `O`: its section's options. */
// biome-ignore lint/suspicious/noExplicitAny: the default is the erased stage manifest (registry, stage lists), as for PluginManifest.
export interface StageManifest<O = any> {
  kind: 'stage';
  name: string;
  version: string;
  description: string;
  /** Stages whose outputs this one reads; they run first and their outputs are part of its input hash. */
  after: string[];
  /**
   * Stages this one runs after when they are registered and enabled, and whose outputs it reads
   * when present (e.g. the report reads `attribute` if some plugin provides it).
   */
  optionalAfter?: string[];
  /**
   * Where the stage runs among stages that are free to run at the same point (lowest first).
   * Dependencies always come first; stages without `order` run after those with one, in the order
   * their modules registered them. The built-ins take theirs from the list in plugins/stages/index.ts.
   */
  order?: number;
  /** Config keys (top-level) whose values are this stage's inputs, e.g. `['dataset', 'topicModel']`. */
  configKeys: string[];
  /** Config section this stage owns (e.g. `train`), validated against `optionsSchema` with `defaults` merged. */
  section?: string;
  optionsSchema?: OptionsSchema<O>;
  defaults?: Partial<O>;
  /** Whether the stage runs for this config (default: always). */
  enabled?(config: ExperimentConfig): boolean;
  /** Optional checks of the stage's section (resolved, as `ctx.options` of run), run when the stage is enabled. */
  validate?(section: O, ctx: ValidateContext): ConfigCheck;
  run(ctx: StageContext<O>): Promise<void>;
  /**
   * Part `shard` of the stage's work, into `ctx.dir` (a shard folder, `ctx.resuming` as for run),
   * so that queue workers on several machines share one stage (core/runner/stage-shard.ts). What
   * it writes there is moved into the stage's attempt folder at the same relative paths before
   * `run`, which must take it as an interrupted attempt's work and finish from it, with the output
   * it gives without shards. Only for stages that read no other stage (`after` empty).
   */
  runShard?(ctx: StageContext<O>, shard: StageShard): Promise<void>;
}

/** A CLI subcommand contributed by a plugin module (`topiclens <name> ...`). */
export interface CommandManifest {
  kind: 'command';
  name: string;
  summary: string;
  /** Full `--help` text. */
  usage: string;
  /** Returns the process exit code. Throw TopiclensError for user errors. */
  run(argv: string[], ctx: CommandContext): Promise<number>;
}

export interface CommandContext {
  registry: PluginRegistry;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export type AnyManifest = PluginManifest | StageManifest | CommandManifest;

/** Identity helpers that give plugin authors type checking. */
export const definePlugin = <E extends ExtensionPoint, O, D = NoDeps>(m: PluginManifest<E, O, D>): PluginManifest<E, O, D> => m;
/** `O`: the type of the stage's config section (`ctx.options`); stages without a section leave it out. */
export const defineStage = <O = Record<string, never>>(m: Omit<StageManifest<O>, 'kind'>): StageManifest<O> => ({ kind: 'stage', ...m });
/**
 * A command whose flags core parses (util.parseArgs: strict, positionals allowed; a bad flag is
 * a TopiclensError that points at --help). `-h` / `--help` prints `usage` and exits 0 before
 * `run`, which receives the parsed flags and positionals.
 */
export interface FlagCommand<F extends CommandFlags> extends Omit<CommandManifest, 'kind' | 'run'> {
  flags: F;
  run(args: CommandArgs<F>, ctx: CommandContext): Promise<number>;
}

/** A command: with `flags`, core parses argv and answers --help; without, `run` gets argv as it is (subcommands, own parsing). */
export function defineCommand<F extends CommandFlags>(m: FlagCommand<F>): CommandManifest;
export function defineCommand(m: Omit<CommandManifest, 'kind'>): CommandManifest;
export function defineCommand(m: FlagCommand<CommandFlags> | Omit<CommandManifest, 'kind'>): CommandManifest {
  if (!('flags' in m)) return { kind: 'command', ...m };
  const { flags, run, ...rest } = m;
  return {
    kind: 'command',
    ...rest,
    async run(argv, ctx) {
      const args = parseCommandArgs(m.name, argv, flags);
      if (args.values.help) {
        ctx.stdout(m.usage);
        return 0;
      }
      return run(args, ctx);
    },
  };
}
