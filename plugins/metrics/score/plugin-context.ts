import * as tf from '@tensorflow/tfjs-core';
import { rootContainer as container } from '../../../core/container/root-container.js';
import { consoleLogger } from '../../../core/logger.js';
import type { PluginContext } from '../../../core/plugin/manifest.js';

/** The PluginContext for metrics created outside a run (the `score` command, tests, benches). */
export function standalonePluginContext(configDir: string, quiet = true): PluginContext {
  const child = container.createChildContainer();
  return {
    container: child,
    resolve: (token) => child.resolve(token),
    tf,
    logger: consoleLogger(quiet),
    seed: 0,
    configDir,
  };
}
