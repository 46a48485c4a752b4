import 'reflect-metadata';
import { container } from 'tsyringe';
import * as tf from '@tensorflow/tfjs';
import type { PluginContext } from '../../core/plugin/manifest.js';
import { consoleLogger } from '../../core/logger.js';

/** A minimal PluginContext for metric plugins (they use only configDir). */
export function metricPluginContext(configDir = process.cwd()): PluginContext {
  const child = container.createChildContainer();
  return {
    container: child,
    resolve: (token) => child.resolve(token),
    tf,
    logger: consoleLogger(true),
    seed: 0,
    configDir,
  };
}
