import type { PluginContext } from '../../../core/plugin/manifest.js';
import { standalonePluginContext } from '../../../core/container/standalone-context.js';

/** A minimal PluginContext for metric plugins (they use only configDir). */
export function metricPluginContext(configDir = process.cwd()): PluginContext {
  return standalonePluginContext({ configDir });
}
