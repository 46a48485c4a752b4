/**
 * topiclens library API: everything the CLI does, callable from code.
 *
 *   import { loadConfig, run, createDefaultRegistry } from 'topiclens';
 *   const registry = await createDefaultRegistry();
 *   const result = await run('presets/quick.json', { registry });
 */
import { loadConfig, type LoadConfigOptions } from './core/config/index.js';
import { createRegistry } from './core/plugin/create-registry.js';
import type { PluginRegistry } from './core/plugin/registry.js';
import { runExperiment, type RunOptions, type RunResult } from './core/runner/run-experiment.js';

export * from './core/index.js';

// Weights in and out, and the training loss for parity checks (plugins/weights/README.md).
export { trainingLoss, type LossBatch, type TrainingLoss } from './plugins/training/loss.js';
export { encodeSafetensors, decodeSafetensors, type HostTensor, type SafetensorsContent } from './core/tensor/safetensors.js';
export { partsToHost, assignHostToParts, readSafetensorsFile, writeSafetensorsFile } from './plugins/weights/model-safetensors.js';
export { fromPytorch, toPytorch } from './plugins/weights/pytorch-layout.js';
export { openRunModel, disposeRunModel, type OpenedRunModel } from './plugins/weights/run-model.js';
export { exportOnnx } from './plugins/weights/onnx/export-onnx.js';

/** The module that registers the built-in plugins, stages and commands (.ts in a checkout, .js in dist/). */
export const BUILTIN_PLUGINS = new URL(`./plugins/index.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

/** A registry with the built-ins (and any extra plugin modules) loaded. */
export const createDefaultRegistry = (extraModules: (string | URL)[] = []): Promise<PluginRegistry> =>
  createRegistry([BUILTIN_PLUGINS, ...extraModules]);

/** Load, validate and run an experiment config (a path, or undefined to search from `cwd`). */
export async function run(
  config: string | undefined,
  options: RunOptions & LoadConfigOptions & { registry?: PluginRegistry } = {},
): Promise<RunResult> {
  const registry = options.registry ?? (await createDefaultRegistry());
  const loaded = await loadConfig(config, registry, options);
  return runExperiment(loaded, registry, options);
}
