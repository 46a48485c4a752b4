import type { ExtensionPoint } from '../contracts/tokens.js';
import type { JsonSchema } from '../plugin/manifest.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { editorSchema } from './editor-schema.js';
import { SINGLE_SLOTS } from './types.js';
import { experimentSchema } from './validate-config.js';

const slotSchema = (registry: PluginRegistry, ep: ExtensionPoint): JsonSchema => {
  const plugins = registry.list(ep);
  return {
    type: 'object',
    properties: {
      type: { enum: plugins.map((p) => p.name), description: `A registered ${ep} plugin.` },
      options: { type: 'object' },
    },
    required: ['type'],
    additionalProperties: false,
    allOf: plugins.map((p) => ({
      if: { required: ['type'], properties: { type: { const: p.name } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
      then: { properties: { options: { ...p.optionsSchema, description: p.description } } },
    })),
  };
};

/**
 * The experiment schema extended with every registered plugin's and stage's options, for editors
 * (`"$schema"` in a config) — what `topiclens schema` writes. In its editor form: it accepts
 * every config file that `validate` accepts, partial ones that `extends` a preset among them.
 */
export function combinedSchema(registry: PluginRegistry): JsonSchema {
  const properties: Record<string, unknown> = { ...(experimentSchema.properties as object) };
  for (const key of SINGLE_SLOTS) properties[key] = slotSchema(registry, key);
  const metric = slotSchema(registry, 'metric');
  properties.metrics = {
    type: 'array',
    items: { anyOf: [{ enum: registry.names('metric') }, metric] },
  };
  for (const stage of registry.stages()) {
    if (stage.section) properties[stage.section] = { ...(stage.optionsSchema ?? { type: 'object' }), description: stage.description };
  }
  return editorSchema({ ...experimentSchema, properties, additionalProperties: false });
}

/** The plugin-free editor schema, checked in as schemas/experiment.schema.json (`topiclens schema --core`). */
export function coreEditorSchema(): JsonSchema {
  return editorSchema(experimentSchema);
}
