import { definePlugin } from '../../../core/plugin/manifest.js';
import { assemble, scoreWith } from '../shared/run.js';
import { bleu } from './bleu.js';

const KEYS = ['Bleu_1', 'Bleu_2', 'Bleu_3', 'Bleu_4'] as const;

export const bleuPlugin = definePlugin<'metric', Record<string, never>>({
  extensionPoint: 'metric',
  name: 'bleu',
  version: '1.0.0',
  description: "BLEU-1..4 as pycocoevalcap's Bleu(4), option 'closest' (corpus pools counts; per-item with the same smoothing).",
  optionsSchema: { type: 'object', additionalProperties: false, properties: {}, required: [] },
  defaults: {},
  validate: () => ({ keys: [...KEYS] }),
  create: () => ({
    keys: KEYS,
    score: (items) =>
      scoreWith('bleu', items, (prepared) => {
        const r = bleu(prepared, 4);
        const columns = Object.fromEntries(KEYS.map((k, n) => [k, r.items.map((s) => s[n]!)]));
        return assemble(prepared, columns, Object.fromEntries(KEYS.map((k, n) => [k, r.corpus[n]!])));
      }),
  }),
});
