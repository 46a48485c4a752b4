import { definePlugin } from '../../../core/plugin/manifest.js';
import { assemble, scoreWith } from '../shared/run.js';
import { CIDER_PARAMS, cider } from './cider.js';

export interface CiderOptions {
  /** Largest n-gram order (pycocoevalcap: 4). */
  n: number;
  /** Std. dev. of the length penalty (pycocoevalcap: 6). */
  sigma: number;
}

export const ciderPlugin = definePlugin<'metric', CiderOptions>({
  extensionPoint: 'metric',
  name: 'cider',
  version: '1.0.0',
  description:
    "CIDEr-D as pycocoevalcap's Cider (n 1..4, sigma 6, clipped tf-idf, x10; document frequencies from the scored corpus's references).",
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      n: { type: 'integer', minimum: 1, maximum: 9, default: CIDER_PARAMS.n },
      sigma: { type: 'number', exclusiveMinimum: 0, default: CIDER_PARAMS.sigma },
    },
    required: ['n', 'sigma'],
  },
  defaults: { ...CIDER_PARAMS },
  validate: () => ({ keys: ['CIDEr'] }),
  create: (options) => ({
    keys: ['CIDEr'],
    score: (items) =>
      scoreWith('cider', items, (prepared) => assemble(prepared, { CIDEr: cider(prepared, { n: options.n, sigma: options.sigma }) })),
  }),
});
