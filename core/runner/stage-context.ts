import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { TopiclensError } from '../errors.js';
import type { StageContext } from '../plugin/manifest.js';

/** The parts of a stage's context that the runner supplies; the rest is derived from them. */
export type StageContextParts = Pick<
  StageContext,
  'name' | 'config' | 'configDir' | 'runDir' | 'dir' | 'resuming' | 'container' | 'registry' | 'logger'
> & {
  /** The config section the stage owns: `ctx.options` is `config[section]` (resolved by validation). */
  section?: string;
  /** When given, `stageDir` refuses names outside this list. */
  knownStages?: readonly string[];
};

/** What a stage (or one shard of it) is handed by the runner. */
export function stageContext(p: StageContextParts): StageContext {
  const { container } = p;
  return {
    name: p.name,
    config: p.config,
    options: ((p.section ? p.config[p.section] : undefined) ?? {}) as Record<string, unknown>,
    configDir: p.configDir,
    runDir: p.runDir,
    dir: p.dir,
    resuming: p.resuming,
    stageDir: (name) => {
      if (p.knownStages && !p.knownStages.includes(name))
        throw new TopiclensError(`Stage "${p.name}" asked for the output of unknown stage "${name}".`);
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
