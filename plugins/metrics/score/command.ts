import { resolve } from 'node:path';
import type { ScoreTable } from '../../../core/contracts/metric.js';
import { TopiclensError } from '../../../core/errors.js';
import { resolvedOptions } from '../../../core/config/resolve-options.js';
import { standalonePluginContext } from '../../../core/container/standalone-context.js';
import { defineCommand } from '../../../core/plugin/manifest.js';
import { readScoreFile } from './read-items.js';

const DEFAULT_METRICS = ['bleu', 'meteor', 'rouge-l', 'cider'];

const usage = `Usage: topiclens score <file.json> [--metrics bleu,meteor,rouge-l,cider] [--per-item]

Score captions with the caption metrics, coco-caption style. <file.json> holds
  { "<id>": { "hypothesis": "a man is cooking", "references": ["a man cooks", "..."] } }
Sentences are lowercased and PTB-tokenized; already-tokenized text passes through.

Prints JSON { "corpus": { "Bleu_1", ..., "Bleu_4", "METEOR", "ROUGE_L", "CIDEr" } } and, with
--per-item, "items": { "<id>": { ...same keys... } }.

Options:
  --metrics <list>   comma-separated metric plugins (default: ${DEFAULT_METRICS.join(',')});
                     any registered metric works, e.g. meteor-1.5 (needs Java + a meteor-1.5.jar)
  --per-item         include the per-item scores
  --meteor-jar <p>   meteor-1.5.jar for the meteor-1.5 metric (default ./meteor-1.5.jar)
  -h, --help         show this help`;

export const scoreCommand = defineCommand({
  name: 'score',
  summary: 'score captions with BLEU, METEOR, ROUGE-L, CIDEr-D (coco-caption numbers)',
  usage,
  flags: {
    metrics: { type: 'string' },
    'per-item': { type: 'boolean' },
    'meteor-jar': { type: 'string' },
  },
  async run({ values, positionals }, ctx) {
    if (positionals.length !== 1) {
      throw new TopiclensError(`topiclens score: expected one input file, got ${positionals.length}. See \`topiclens score --help\`.`, 2);
    }
    const file = resolve(ctx.cwd, positionals[0]!);
    const names = (typeof values.metrics === 'string' ? values.metrics.split(',') : DEFAULT_METRICS).map((s) => s.trim()).filter(Boolean);
    if (names.length === 0) throw new TopiclensError('topiclens score: --metrics is empty; name at least one metric plugin.', 2);
    const manifests = names.map((name) => ctx.registry.get('metric', name));
    const items = readScoreFile(file);
    if (items.length === 0) throw new TopiclensError(`${file}: no items to score.`, 2);

    const pluginCtx = standalonePluginContext({ configDir: ctx.cwd });
    const corpus: ScoreTable = {};
    const perItem: Record<string, ScoreTable> = Object.fromEntries(items.map((it) => [it.id, {}]));
    for (const manifest of manifests) {
      const given =
        manifest.name === 'meteor-1.5' && typeof values['meteor-jar'] === 'string' ? { jar: resolve(ctx.cwd, values['meteor-jar']) } : {};
      const options = resolvedOptions(manifest, given, { file: `topiclens score --metrics ${manifest.name}` });
      const metric = await manifest.create(options, pluginCtx);
      const result = await metric.score(items);
      Object.assign(corpus, result.corpus);
      for (const [id, row] of Object.entries(result.items)) Object.assign(perItem[id]!, row);
    }
    ctx.stdout(JSON.stringify(values['per-item'] ? { corpus, items: perItem } : { corpus }, null, 2));
    return 0;
  },
});
