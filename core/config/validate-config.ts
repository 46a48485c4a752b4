import { ConfigError, type ConfigProblem } from '../errors.js';
import type { ExtensionPoint } from '../contracts/tokens.js';
import type { PluginRegistry } from '../plugin/registry.js';
import type { JsonSchema } from '../plugin/manifest.js';
import { closest } from '../suggest.js';
import { isPlainObject, originOf, type Origins } from './merge.js';
import { resolveOptions, schemaProblems } from './resolve-options.js';
import { pipelineMode, SINGLE_SLOTS, type ExperimentConfig, type PluginSlot } from './types.js';
import strictSchema from './experiment.schema.json' with { type: 'json' };

/**
 * The schema a merged config (extends resolved, defaults filled) must meet. Editors get a looser
 * form of it (editor-schema.ts): schemas/experiment.schema.json and `topiclens schema`.
 */
export const experimentSchema: JsonSchema = strictSchema;

const baseKeys = Object.keys((experimentSchema.properties as object) ?? {});

/**
 * Validate a merged config: the whole against the experiment schema, each plugin slot's options
 * against its plugin's schema (defaults merged in), each stage section against its stage's schema.
 * Returns the config with defaults filled in — the one place they are merged: plugin factories,
 * `validate` hooks and stages receive these options as they are — and `mode` stated; throws one
 * ConfigError listing every problem.
 */
export function validateConfig(
  config: ExperimentConfig,
  registry: PluginRegistry,
  where: { file: string; origins?: Origins },
): ExperimentConfig {
  const problems: Omit<ConfigProblem, 'file'>[] = [];
  problems.push(...schemaProblems(experimentSchema, config, ''));

  const stageSections = new Map(
    registry
      .stages()
      .filter((s) => s.section)
      .map((s) => [s.section!, s]),
  );
  const known = [...baseKeys, ...stageSections.keys()];
  for (const key of Object.keys(config)) {
    if (known.includes(key) || key === 'extends') continue;
    const guess = closest(key, known);
    problems.push({
      path: `/${key}`,
      message: `unknown config key${guess ? `; did you mean "${guess}"?` : ''} Known: ${known.join(', ')}`,
    });
  }

  const out: ExperimentConfig = { ...config };
  const checkSlot = (ep: ExtensionPoint, slot: PluginSlot, path: string): PluginSlot | undefined => {
    if (!isPlainObject(slot) || typeof slot.type !== 'string') return undefined; // reported by the schema
    if (!registry.has(ep, slot.type)) {
      problems.push({ path: `${path}/type`, message: registry.unknownMessage(ep, slot.type) });
      return undefined;
    }
    const resolved = resolveOptions<Record<string, unknown>>(registry.get(ep, slot.type), slot.options, `${path}/options`);
    problems.push(...resolved.problems);
    return { type: slot.type, options: resolved.options };
  };
  for (const key of SINGLE_SLOTS) {
    const slot = config[key];
    if (slot !== undefined) out[key] = checkSlot(key, slot, `/${key}`) ?? slot;
  }
  if (Array.isArray(config.metrics)) {
    out.metrics = config.metrics.map((m, i) => {
      const slot = typeof m === 'string' ? { type: m } : m;
      return checkSlot('metric', slot, `/metrics/${i}`) ?? m;
    });
  }
  for (const [section, stage] of stageSections) {
    const value = config[section];
    if (value !== undefined && !isPlainObject(value)) {
      problems.push({
        path: `/${section}`,
        message: `expected an object of "${stage.name}" stage options, found ${JSON.stringify(value)}`,
      });
      continue;
    }
    const resolved = resolveOptions<Record<string, unknown>>(stage, value, `/${section}`);
    problems.push(...resolved.problems);
    out[section] = resolved.options;
  }
  out.mode = pipelineMode(config);

  if (problems.length) {
    throw new ConfigError(
      where.file,
      problems.map((p) => ({ ...p, file: where.origins ? originOf(where.origins, p.path) : undefined })),
    );
  }
  return out;
}
