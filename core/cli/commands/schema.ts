import { resolve } from 'node:path';
import { combinedSchema, loadConfig } from '../../config/index.js';
import { defineCommand } from '../../plugin/manifest.js';
import { writeJsonAtomic } from '../../runner/atomic.js';
import { parseCommandArgs } from '../args.js';

export const schemaCommand = defineCommand({
  name: 'schema',
  summary: 'Write the JSON Schema of configs, with every registered plugin\'s options',
  usage: `Usage: topiclens schema [--out FILE] [--config FILE]

Writes the experiment schema extended with the options of every registered plugin and stage, so
editors complete and check configs that point "$schema" at it. With --config, that config's
third-party plugins are included. Prints to stdout without --out.`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs('schema', argv, { out: { type: 'string' }, config: { type: 'string' } });
    if (values.help) return ctx.stdout(schemaCommand.usage), 0;
    if (values.config) await loadConfig(values.config, ctx.registry, { cwd: ctx.cwd });
    const schema = combinedSchema(ctx.registry);
    if (values.out) {
      writeJsonAtomic(resolve(ctx.cwd, values.out), schema);
      ctx.stdout(`wrote ${resolve(ctx.cwd, values.out)}`);
    } else {
      ctx.stdout(JSON.stringify(schema, null, 2));
    }
    return 0;
  },
});
