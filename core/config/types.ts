import { EXTENSION_POINTS, type ExtensionPoint } from '../contracts/tokens.js';

/** A config slot: which plugin (`type`) and its options. */
export interface PluginSlot {
  type: string;
  options?: Record<string, unknown>;
}

export type BackendName = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** The single-plugin slots, keyed like their extension points (every one but `metric`, which is a list). */
export const SINGLE_SLOTS = EXTENSION_POINTS.filter((e): e is Exclude<ExtensionPoint, 'metric'> => e !== 'metric');
export type SingleSlot = (typeof SINGLE_SLOTS)[number];

/** An experiment config after `extends` is resolved, validated, and plugin defaults merged in. */
export type ScoreSplit = 'test' | 'val';

/** The split a run is scored on: `scoreOn`, or "test". */
export function scoreSplit(config: Pick<ExperimentConfig, 'scoreOn'>): ScoreSplit {
  return config.scoreOn ?? 'test';
}

/** What `topiclens run` does: train and study a captioner, or transfer an encoder to action recognition (Sec. 5). */
export type PipelineMode = 'captioning' | 'transfer';

/**
 * The config's `mode`. Validation states it in every config it returns; a config without one (a
 * config written before the key existed, or a run folder's saved config.json) keeps its old
 * meaning: transfer when it has a non-empty `transfer` section, captioning otherwise.
 */
export function pipelineMode(config: Pick<ExperimentConfig, 'mode'> & { transfer?: unknown }): PipelineMode {
  if (config.mode === 'captioning' || config.mode === 'transfer') return config.mode;
  const t = config.transfer;
  return typeof t === 'object' && t !== null && !Array.isArray(t) && Object.keys(t).length > 0 ? 'transfer' : 'captioning';
}

export interface ExperimentConfig {
  $schema?: string;
  name: string;
  seed: number;
  backend: BackendName;
  /** Third-party plugin modules: npm package names or paths relative to the config file. */
  plugins: string[];
  /** Where run folders go (relative to the config file's folder unless absolute). */
  runsDir: string;
  /** Also write scalars as TensorBoard event files in <run>/tensorboard/ (default false). */
  tensorboard?: boolean;
  /** The split evaluate / attribute / refine-eval score on (default "test"); "val" for choosing settings. */
  scoreOn?: ScoreSplit;
  /** Captioning or transfer; filled in by validation (see pipelineMode). */
  mode?: PipelineMode;
  dataset?: PluginSlot;
  featureExtractor?: PluginSlot;
  topicModel?: PluginSlot;
  encoder?: PluginSlot;
  decoder?: PluginSlot;
  interpretiveLoss?: PluginSlot;
  attributor?: PluginSlot;
  refiner?: PluginSlot;
  /** Metric plugins (extension point `metric`), by name or slot. */
  metrics?: (string | PluginSlot)[];
  /** Stage sections (`train`, `evaluate`, ...), each validated by its stage's schema. */
  [section: string]: unknown;
}

/** A loaded config and where it came from. */
export interface LoadedConfig {
  config: ExperimentConfig;
  /** The file the user named or cosmiconfig found (or `<inline>`). */
  file: string;
  /** Folder relative paths in the config are resolved against: the config file's folder, or the working directory when a preset is run directly. */
  dir: string;
  /** Files of the `extends` chain, the user's file first. */
  chain: string[];
  /** What validation noticed but does not refuse (printed by validate and run). */
  notes?: string[];
}
