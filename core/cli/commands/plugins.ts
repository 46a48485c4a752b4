import { EXTENSION_POINTS } from '../../contracts/tokens.js';
import { loadConfig } from '../../config/index.js';
import { defineCommand } from '../../plugin/manifest.js';
import { parseCommandArgs } from '../args.js';

export const pluginsCommand = defineCommand({
  name: 'plugins',
  summary: 'List registered plugins, stages and commands',
  usage: `Usage: topiclens plugins [--json] [--config FILE]

Lists every registered plugin by extension point (built-in and third-party alike), the stages of
\`topiclens run\` in order, and the commands. With --config, the config's third-party "plugins" are
loaded first.`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs('plugins', argv, { json: { type: 'boolean' }, config: { type: 'string' } });
    if (values.help) return ctx.stdout(pluginsCommand.usage), 0;
    if (values.config) await loadConfig(values.config, ctx.registry, { cwd: ctx.cwd });
    const plugins = ctx.registry.listWithSources().map(({ manifest: m, source }) => ({
      extensionPoint: m.extensionPoint,
      name: m.name,
      version: m.version,
      description: m.description,
      source,
    }));
    const stages = ctx.registry.stages().map((s) => ({ name: s.name, after: s.after, section: s.section ?? null, description: s.description }));
    const commands = ctx.registry.commands().map((c) => ({ name: c.name, summary: c.summary }));
    if (values.json) {
      ctx.stdout(JSON.stringify({ plugins, stages, commands }, null, 2));
      return 0;
    }
    const out: string[] = [];
    for (const ep of EXTENSION_POINTS) {
      const list = plugins.filter((p) => p.extensionPoint === ep);
      out.push(`${ep}:`);
      if (!list.length) out.push('  (none)');
      for (const p of list) out.push(`  ${p.name.padEnd(24)} ${p.version.padEnd(8)} ${p.description}${p.source.includes('built-in') ? '' : `  [${p.source}]`}`);
    }
    out.push('stages (in run order):');
    for (const s of stages) out.push(`  ${s.name.padEnd(24)} ${s.description}`);
    out.push('commands:');
    for (const c of commands) out.push(`  ${c.name.padEnd(24)} ${c.summary}`);
    ctx.stdout(out.join('\n'));
    return 0;
  },
});
