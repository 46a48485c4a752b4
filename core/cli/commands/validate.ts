import { loadConfig } from '../../config/index.js';
import { defineCommand } from '../../plugin/manifest.js';
import { parseCommandArgs } from '../args.js';

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'Check a config: structure, plugin names and every plugin\'s options',
  usage: `Usage: topiclens validate [config] [--print]

Resolves "extends", loads third-party "plugins", and validates the whole config and each plugin's
options, then checks what a run would only find out later: runsDir usable, each plugin's and
stage's own checks (split sizes, min ≤ max, metric names), the model and batch sizes against the
memory available, and stages a null slot switches off. Prints every problem with its JSON path,
what was expected and what was found; exit code 2 when there is any. Notes (e.g. "patience" without
validation videos) are printed without failing.

  --print   print the resolved config (defaults filled in) as JSON`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs('validate', argv, { print: { type: 'boolean' } });
    if (values.help) return ctx.stdout(validateCommand.usage), 0;
    const loaded = await loadConfig(positionals[0], ctx.registry, { cwd: ctx.cwd });
    const notes = (loaded.notes ?? []).map((n) => `note: ${n}`);
    if (values.print) {
      if (notes.length) ctx.stderr(notes.join('\n'));
      ctx.stdout(JSON.stringify(loaded.config, null, 2));
    } else {
      ctx.stdout([...notes, `ok: ${loaded.file}${loaded.chain.length > 1 ? ` (extends ${loaded.chain.slice(1).join(' → ')})` : ''}`].join('\n'));
    }
    return 0;
  },
});
