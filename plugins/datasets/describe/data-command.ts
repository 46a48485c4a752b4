import { loadConfig } from '../../../core/config/index.js';
import { createPlugin } from '../../../core/container/create-run-container.js';
import { TopiclensError } from '../../../core/errors.js';
import { defineCommand } from '../../../core/plugin/manifest.js';
import { describeDataset, formatDescription } from './describe.js';

export const dataCommand = defineCommand({
  name: 'data',
  summary: 'Inspect the configured data set (data describe <config>)',
  usage: `Usage: topiclens data describe [config] [--json] [--min-count N]

Loads the config's "dataset" plugin and prints the videos and captions per split, the vocabulary
size (training captions, at min counts 1, 2, 5 and N), the caption length distribution, label
counts, ground-truth attribute frequencies (synthetic data) and what the loader skipped.

  --json          print the description as JSON
  --min-count N   also report the vocabulary size at min count N`,
  flags: { json: { type: 'boolean' }, 'min-count': { type: 'string' } },
  async run({ values, positionals }, ctx) {
    const [sub, file, ...rest] = positionals;
    if (sub !== 'describe') {
      throw new TopiclensError(
        `topiclens data: unknown subcommand ${sub === undefined ? '(none)' : JSON.stringify(sub)}; use \`topiclens data describe <config>\``,
        2,
      );
    }
    if (rest.length) throw new TopiclensError(`topiclens data describe: unexpected argument ${JSON.stringify(rest[0])}`, 2);
    const minCounts = [1, 2, 5];
    if (values['min-count'] !== undefined) {
      const n = Number(values['min-count']);
      if (!Number.isInteger(n) || n < 1)
        throw new TopiclensError(
          `topiclens data describe: --min-count must be a whole number ≥ 1, found ${JSON.stringify(values['min-count'])}`,
          2,
        );
      if (!minCounts.includes(n)) minCounts.push(n);
    }
    const loaded = await loadConfig(file, ctx.registry, { cwd: ctx.cwd });
    const dataset = await createPlugin(ctx.registry, loaded, 'dataset');
    const d = await describeDataset(dataset, minCounts);
    ctx.stdout(values.json ? JSON.stringify(d, null, 2) : formatDescription(d));
    return 0;
  },
});
