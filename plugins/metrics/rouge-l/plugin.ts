import { definePlugin } from '../../../core/plugin/manifest.js';
import { assemble, scoreWith } from '../shared/run.js';
import { ROUGE_L_BETA, rougeLItems } from './rouge.js';

export interface RougeLOptions {
  /** Recall weight of the F-measure (pycocoevalcap: 1.2). */
  beta: number;
}

export const rougeLPlugin = definePlugin<'metric', RougeLOptions>({
  extensionPoint: 'metric',
  name: 'rouge-l',
  version: '1.0.0',
  description: "ROUGE-L as pycocoevalcap's Rouge (beta 1.2; max precision and max recall over references; corpus = mean).",
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { beta: { type: 'number', exclusiveMinimum: 0, default: ROUGE_L_BETA } },
    required: ['beta'],
  },
  defaults: { beta: ROUGE_L_BETA },
  validate: () => ({ keys: ['ROUGE_L'] }),
  create: (options) => ({
    keys: ['ROUGE_L'],
    score: (items) => scoreWith('rouge-l', items, (prepared) => assemble(prepared, { ROUGE_L: rougeLItems(prepared, options.beta) })),
  }),
});
