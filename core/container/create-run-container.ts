import * as tf from '@tensorflow/tfjs-core';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { rootContainer } from './root-container.js';
import { TOKENS, type ExtensionPoint, type ExtensionPointTypes } from '../contracts/tokens.js';
import { SINGLE_SLOTS, type LoadedConfig, type PluginSlot } from '../config/types.js';
import { resolvedOptions } from '../config/resolve-options.js';
import { TopiclensError } from '../errors.js';
import { consoleLogger, type Logger } from '../logger.js';
import type { PluginContext, PluginManifest } from '../plugin/manifest.js';
import type { PluginRegistry } from '../plugin/registry.js';

export interface ContainerOptions {
  logger?: Logger;
  runDir?: string;
  /** Only instantiate these slots (default: every configured slot). */
  slots?: readonly ExtensionPoint[];
}

function pluginContext(container: DependencyContainer, loaded: LoadedConfig, logger: Logger, runDir?: string): PluginContext {
  return {
    container,
    resolve: (token) => container.resolve(token),
    tf,
    logger,
    seed: loaded.config.seed,
    runDir,
    configDir: loaded.dir,
  };
}

/** The dependencies a plugin declares in `inject`, resolved from `container`. */
function injected(manifest: PluginManifest, extensionPoint: ExtensionPoint, container: DependencyContainer): Record<string, unknown> {
  const deps: Record<string, unknown> = {};
  for (const [name, token] of Object.entries((manifest.inject ?? {}) as Record<string, InjectionToken<unknown>>)) {
    if (!container.isRegistered(token, true)) {
      throw new TopiclensError(
        `The ${extensionPoint} plugin "${manifest.name}" injects "${name}" (${String(token)}), which the run's container does not hold when the plugin is created. ` +
          'Plugins are created in extension-point order; resolve a later one lazily, in a method, with ctx.resolve.',
      );
    }
    deps[name] = container.resolve(token);
  }
  return deps;
}

/**
 * Create one plugin instance for `slot`. Its options are the ones loadConfig resolved (defaults
 * merged, schema-valid) and are passed on as they are; its `inject` tokens are resolved from the
 * context's container.
 */
export async function instantiate<E extends ExtensionPoint>(
  registry: PluginRegistry,
  extensionPoint: E,
  slot: PluginSlot,
  ctx: PluginContext,
): Promise<ExtensionPointTypes[E]> {
  const manifest = registry.get(extensionPoint, slot.type);
  try {
    return await manifest.create(slot.options ?? {}, ctx, injected(manifest, extensionPoint, ctx.container));
  } catch (e) {
    if (e instanceof TopiclensError) throw e;
    throw new TopiclensError(
      `The ${extensionPoint} plugin "${slot.type}" (from ${registry.sourceOf(extensionPoint, slot.type)}) failed to start: ${(e as Error).message}`,
    );
  }
}

/**
 * One tsyringe child container per run. Every configured plugin is created (in extension-point
 * order) and registered under its token; metrics are registered once each (use `resolveAll`).
 * Plugins should resolve other plugins lazily (in their methods), not in `create`.
 */
export async function createRunContainer(
  registry: PluginRegistry,
  loaded: LoadedConfig,
  options: ContainerOptions = {},
): Promise<DependencyContainer> {
  const container = rootContainer.createChildContainer();
  const logger = options.logger ?? consoleLogger();
  container.register(TOKENS.config, { useValue: loaded.config });
  container.register(TOKENS.logger, { useValue: logger });
  container.register(TOKENS.registry, { useValue: registry });
  const ctx = pluginContext(container, loaded, logger, options.runDir);
  const wanted = (ep: ExtensionPoint) => !options.slots || options.slots.includes(ep);
  for (const key of SINGLE_SLOTS) {
    const slot = loaded.config[key];
    if (!slot || !wanted(key)) continue;
    const instance = await instantiate(registry, key, slot, ctx);
    container.register(TOKENS[key], { useValue: instance });
  }
  if (wanted('metric')) {
    for (const m of loaded.config.metrics ?? []) {
      const slot = typeof m === 'string' ? { type: m } : m;
      container.register(TOKENS.metric, { useValue: await instantiate(registry, 'metric', slot, ctx) });
    }
  }
  return container;
}

/**
 * Create a single configured plugin outside a run (e.g. for `topiclens data describe`). The slot's
 * options are resolved again through the one helper (a no-op for a loadConfig result; it fills
 * defaults for a config built by hand).
 */
export async function createPlugin<E extends ExtensionPoint>(
  registry: PluginRegistry,
  loaded: LoadedConfig,
  extensionPoint: E,
  options: { logger?: Logger } = {},
): Promise<ExtensionPointTypes[E]> {
  const slot =
    extensionPoint === 'metric' ? undefined : (loaded.config[extensionPoint as (typeof SINGLE_SLOTS)[number]] as PluginSlot | undefined);
  if (!slot) throw new TopiclensError(`${loaded.file}: the config has no "${extensionPoint}" slot.`, 2);
  const logger = options.logger ?? consoleLogger();
  const container = rootContainer.createChildContainer();
  container.register(TOKENS.config, { useValue: loaded.config });
  container.register(TOKENS.logger, { useValue: logger });
  container.register(TOKENS.registry, { useValue: registry });
  const resolved = {
    type: slot.type,
    options: resolvedOptions<Record<string, unknown>>(registry.get(extensionPoint, slot.type), slot.options, {
      file: loaded.file,
      path: `/${extensionPoint}/options`,
    }),
  };
  return instantiate(registry, extensionPoint, resolved, pluginContext(container, loaded, logger, undefined));
}

/**
 * Free what a run's plugins hold once the run is over: each single-slot plugin's dispose(), or,
 * for one without it, its variables (encoder, decoder, interpretive loss…). In-process callers
 * (reproduce runs many experiments) then end with the tensors they started with.
 */
export function disposeRunContainer(container: DependencyContainer): void {
  for (const key of SINGLE_SLOTS) {
    const token = TOKENS[key] as InjectionToken<unknown>;
    if (key === 'featureExtractor' || !container.isRegistered(token, false)) continue; // the features stage disposes its extractor
    const instance = container.resolve(token) as { dispose?: () => unknown; variables?: () => Record<string, tf.Variable> };
    if (typeof instance.dispose === 'function') {
      instance.dispose();
    } else if (typeof instance.variables === 'function') {
      let vars: Record<string, tf.Variable>;
      try {
        vars = instance.variables();
      } catch {
        continue; // never built
      }
      for (const v of Object.values(vars)) if (!v.isDisposed) v.dispose();
    }
  }
}
