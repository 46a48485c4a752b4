import { resolve } from 'node:path';
import { combinedSchema, loadConfig } from '../../config/index.js';
import { coreEditorSchema } from '../../config/combined-schema.js';
import { defineCommand } from '../../plugin/manifest.js';
import { writeJsonAtomic } from '../../runner/atomic.js';

export const schemaCommand = defineCommand({
  name: 'schema',
  summary: "Write the JSON Schema of configs, with every registered plugin's options",
  usage: `Usage: topiclens schema [--out FILE] [--config FILE] [--core]

Writes the experiment schema extended with the options of every registered plugin and stage, so
editors complete and check configs that point "$schema" at it. It accepts every config that
\`topiclens validate\` accepts, partial ones that "extends" a preset among them. With --config,
that config's third-party plugins are included. Prints to stdout without --out.

  --core   the schema without plugin options (the one checked in as schemas/experiment.schema.json)`,
  flags: { out: { type: 'string' }, config: { type: 'string' }, core: { type: 'boolean' } },
  async run({ values }, ctx) {
    if (values.config) await loadConfig(values.config, ctx.registry, { cwd: ctx.cwd });
    const schema = values.core ? coreEditorSchema() : combinedSchema(ctx.registry);
    if (values.out) {
      writeJsonAtomic(resolve(ctx.cwd, values.out), schema);
      ctx.stdout(`wrote ${resolve(ctx.cwd, values.out)}`);
    } else {
      ctx.stdout(JSON.stringify(schema, null, 2));
    }
    return 0;
  },
});
