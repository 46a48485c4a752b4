import type * as tf from '@tensorflow/tfjs-core';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { ExtensionPoint, ExtensionPointTypes } from '../contracts/tokens.js';
import type { Logger } from '../logger.js';
import type { ExperimentConfig } from '../config/types.js';
import type { PluginRegistry } from './registry.js';

/** A JSON Schema object (draft 2020-12 / draft-07 subset that ajv understands). */
export type JsonSchema = Record<string, unknown>;

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

/** A plugin: a plain object with meta, an options schema and a factory. */
export interface PluginManifest<E extends ExtensionPoint = ExtensionPoint, O = any> {
  kind?: 'plugin';
  extensionPoint: E;
  name: string;
  version: string;
  description: string;
  /** JSON Schema of `options` (after `defaults` are merged in). */
  optionsSchema: JsonSchema;
  defaults: Partial<O>;
  create(options: O, ctx: PluginContext): ExtensionPointTypes[E] | Promise<ExtensionPointTypes[E]>;
  /** Optional checks beyond the schema, run by `topiclens validate` and before `run` (cheap: no files read, no tensors). */
  validate?(options: O, ctx: ValidateContext): ConfigCheck;
}

/** What a stage receives. */
export interface StageContext {
  name: string;
  config: ExperimentConfig;
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

/** A step of `topiclens run`. Stages come from plugin modules, like plugins. */
export interface StageManifest {
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
  optionsSchema?: JsonSchema;
  defaults?: Record<string, unknown>;
  /** Whether the stage runs for this config (default: always). */
  enabled?(config: ExperimentConfig): boolean;
  /** Optional checks of the stage's section (and what it reads of the config), run when the stage is enabled. */
  validate?(section: Record<string, unknown>, ctx: ValidateContext): ConfigCheck;
  run(ctx: StageContext): Promise<void>;
  /**
   * Part `shard` of the stage's work, into `ctx.dir` (a shard folder, `ctx.resuming` as for run),
   * so that queue workers on several machines share one stage (core/runner/stage-shard.ts). What
   * it writes there is moved into the stage's attempt folder at the same relative paths before
   * `run`, which must take it as an interrupted attempt's work and finish from it, with the output
   * it gives without shards. Only for stages that read no other stage (`after` empty).
   */
  runShard?(ctx: StageContext, shard: StageShard): Promise<void>;
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
export const definePlugin = <E extends ExtensionPoint, O>(m: PluginManifest<E, O>): PluginManifest<E, O> => m;
export const defineStage = (m: Omit<StageManifest, 'kind'>): StageManifest => ({ kind: 'stage', ...m });
export const defineCommand = (m: Omit<CommandManifest, 'kind'>): CommandManifest => ({ kind: 'command', ...m });
