import { PluginRegistry } from '../../../core/plugin/registry.js';
import datasets from '../../../plugins/datasets/index.js';
import { dataCommand } from '../../../plugins/datasets/describe/data-command.js';

/** `topiclens data …` in `cwd` with a registry of the built-in data sets: its exit code and what it printed. */
export async function runDataCommand(argv: string[], cwd: string): Promise<{ code: number; out: string }> {
  const registry = new PluginRegistry();
  for (const m of datasets) registry.register(m, 'builtin:datasets');
  const out: string[] = [];
  const code = await dataCommand.run(argv, { registry, cwd, stdout: (t) => out.push(t), stderr: () => {} });
  return { code, out: out.join('\n') };
}
