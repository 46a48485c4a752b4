import * as tf from '@tensorflow/tfjs-core';
import { consoleLogger } from '../logger.js';
import type { PluginContext } from '../plugin/manifest.js';
import { rootContainer } from './root-container.js';

/**
 * The PluginContext for a plugin created outside a run's container (the score, refine and
 * studio commands, tests, benches): a fresh child of the root container.
 */
export function standalonePluginContext(where: { configDir: string; runDir?: string; seed?: number; quiet?: boolean }): PluginContext {
  const child = rootContainer.createChildContainer();
  return {
    container: child,
    resolve: (token) => child.resolve(token),
    tf,
    logger: consoleLogger(where.quiet ?? true),
    seed: where.seed ?? 0,
    ...(where.runDir !== undefined ? { runDir: where.runDir } : {}),
    configDir: where.configDir,
  };
}
