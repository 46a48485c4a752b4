import { loadConfig } from '../../config/index.js';
import { ConfigError, TopiclensError } from '../../errors.js';
import { defineCommand } from '../../plugin/manifest.js';
import { SET_FLAG, SET_USAGE, setOverrides } from '../set-flag.js';

export const validateCommand = defineCommand({
  name: 'validate',
  summary: "Check a config: structure, plugin names and every plugin's options",
  usage: `Usage: topiclens validate [config] [--print] [--json] [--set PATH=VALUE ...]

Resolves "extends", loads third-party "plugins", and validates the whole config and each plugin's
options, then checks what a run would only find out later: runsDir usable, each plugin's and
stage's own checks (split sizes, min ≤ max, metric names), the model and batch sizes against the
memory available, and stages a null slot switches off. Prints every problem with its JSON path,
what was expected and what was found; exit code 2 when there is any. Notes (e.g. "patience" without
validation videos) are printed without failing.

  --print   print the resolved config (defaults filled in) as JSON
  --json    print the result as one JSON object: {"ok": true, file, chain, notes, config} or
            {"ok": false, file, problems: [{path, message, file}]} (exit code 2), or {"ok": false, error}
${SET_USAGE}`,
  flags: {
    print: { type: 'boolean' },
    json: { type: 'boolean' },
    ...SET_FLAG,
  },
  async run({ values, positionals }, ctx) {
    const load = () => loadConfig(positionals[0], ctx.registry, { cwd: ctx.cwd, set: setOverrides(values.set) });
    if (values.json) {
      try {
        const loaded = await load();
        ctx.stdout(
          JSON.stringify({ ok: true, file: loaded.file, chain: loaded.chain, notes: loaded.notes ?? [], config: loaded.config }, null, 2),
        );
        return 0;
      } catch (e) {
        if (e instanceof ConfigError) ctx.stdout(JSON.stringify({ ok: false, file: e.file, problems: e.problems }, null, 2));
        else if (e instanceof TopiclensError) ctx.stdout(JSON.stringify({ ok: false, error: e.message }, null, 2));
        else throw e;
        return e.exitCode;
      }
    }
    const loaded = await load();
    const notes = (loaded.notes ?? []).map((n) => `note: ${n}`);
    if (values.print) {
      if (notes.length) ctx.stderr(notes.join('\n'));
      ctx.stdout(JSON.stringify(loaded.config, null, 2));
    } else {
      ctx.stdout(
        [...notes, `ok: ${loaded.file}${loaded.chain.length > 1 ? ` (extends ${loaded.chain.slice(1).join(' → ')})` : ''}`].join('\n'),
      );
    }
    return 0;
  },
});
