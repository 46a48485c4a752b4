import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { DependencyContainer } from 'tsyringe';
import type { ExperimentConfig } from '../config/types.js';
import { TopiclensError } from '../errors.js';
import type { StageContext } from '../plugin/manifest.js';
import type { PluginRegistry } from '../plugin/registry.js';

export interface StageContextParts {
  name: string;
  config: ExperimentConfig;
  configDir: string;
  runDir: string;
  /** The folder the stage (or shard) writes into. */
  dir: string;
  resuming: boolean;
  container: DependencyContainer;
  registry: PluginRegistry;
  logger: StageContext['logger'];
  /** When given, `stageDir` refuses names outside this list. */
  knownStages?: readonly string[];
}

/** What a stage (or one shard of it) is handed by the runner. */
export function stageContext(p: StageContextParts): StageContext {
  const { container } = p;
  return {
    name: p.name,
    config: p.config,
    configDir: p.configDir,
    runDir: p.runDir,
    dir: p.dir,
    resuming: p.resuming,
    stageDir: (name) => {
      if (p.knownStages && !p.knownStages.includes(name)) throw new TopiclensError(`Stage "${p.name}" asked for the output of unknown stage "${name}".`);
      return join(p.runDir, name);
    },
    container,
    resolve: (token) => container.resolve(token),
    resolveAll: (token) => (container.isRegistered(token, true) ? container.resolveAll(token) : []),
    registry: p.registry,
    tf,
    logger: p.logger,
    seed: p.config.seed,
  };
}
