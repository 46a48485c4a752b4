import { EXTENSION_POINTS } from '../../contracts/tokens.js';
import { ConfigError } from '../../errors.js';
import { loadConfig } from '../../config/index.js';
import { findConfigFile } from '../../config/find-config.js';
import { defineCommand } from '../../plugin/manifest.js';

export const pluginsCommand = defineCommand({
  name: 'plugins',
  summary: 'List registered plugins, stages and commands',
  usage: `Usage: topiclens plugins [--json] [--config FILE]

Lists every registered plugin by extension point (built-in and third-party alike), the stages of
\`topiclens run\` in order, and the commands. The third-party "plugins" of the config are loaded
first: the one --config names, else the one \`topiclens run\` would find from here
(topiclens.config.json, .topiclensrc*, package.json#topiclens).`,
  flags: { json: { type: 'boolean' }, config: { type: 'string' } },
  async run({ values }, ctx) {
    const config = values.config ?? (await findConfigFile(ctx.cwd));
    if (config) {
      try {
        await loadConfig(config, ctx.registry, { cwd: ctx.cwd });
      } catch (e) {
        // Its plugins are registered before validation: list them, and say where the problems are.
        if (!(e instanceof ConfigError)) throw e;
        ctx.stderr(
          `note: ${e.file} has ${e.problems.length} config problem(s); \`topiclens validate\` lists them. Its plugins are listed.`,
        );
      }
    }
    const plugins = ctx.registry.listWithSources().map(({ manifest: m, source }) => ({
      extensionPoint: m.extensionPoint,
      name: m.name,
      version: m.version,
      description: m.description,
      source,
    }));
    const stages = ctx.registry
      .stages()
      .map((s) => ({ name: s.name, after: s.after, section: s.section ?? null, description: s.description }));
    const commands = ctx.registry.commands().map((c) => ({ name: c.name, summary: c.summary }));
    if (values.json) {
      ctx.stdout(JSON.stringify({ config: config ?? null, plugins, stages, commands }, null, 2));
      return 0;
    }
    const out: string[] = config ? [`config: ${config}`] : [];
    for (const ep of EXTENSION_POINTS) {
      const list = plugins.filter((p) => p.extensionPoint === ep);
      out.push(`${ep}:`);
      if (!list.length) out.push('  (none)');
      for (const p of list)
        out.push(`  ${p.name.padEnd(24)} ${p.version.padEnd(8)} ${p.description}${p.source.includes('built-in') ? '' : `  [${p.source}]`}`);
    }
    out.push('stages (in run order):');
    for (const s of stages) out.push(`  ${s.name.padEnd(24)} ${s.description}`);
    out.push('commands:');
    for (const c of commands) out.push(`  ${c.name.padEnd(24)} ${c.summary}`);
    ctx.stdout(out.join('\n'));
    return 0;
  },
});
