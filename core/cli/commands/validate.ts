import { loadConfig } from '../../config/index.js';
import { defineCommand } from '../../plugin/manifest.js';
import { parseCommandArgs } from '../args.js';

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'Check a config: structure, plugin names and every plugin\'s options',
  usage: `Usage: topiclens validate [config] [--print]

Resolves "extends", loads third-party "plugins", and validates the whole config and each plugin's
options. Prints every problem with its JSON path, what was expected and what was found; exit code 2
when there is any.

  --print   print the resolved config (defaults filled in) as JSON`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs('validate', argv, { print: { type: 'boolean' } });
    if (values.help) return ctx.stdout(validateCommand.usage), 0;
    const loaded = await loadConfig(positionals[0], ctx.registry, { cwd: ctx.cwd });
    if (values.print) ctx.stdout(JSON.stringify(loaded.config, null, 2));
    else ctx.stdout(`ok: ${loaded.file}${loaded.chain.length > 1 ? ` (extends ${loaded.chain.slice(1).join(' → ')})` : ''}`);
    return 0;
  },
});
