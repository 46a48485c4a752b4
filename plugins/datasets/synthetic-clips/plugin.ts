import { definePlugin } from '../../../core/plugin/manifest.js';
import { generateSynthetic, type SyntheticOptions } from './generate.js';
import { defaults, optionsSchema } from './schema.js';
import { validateSynthetic } from './validate.js';

export const syntheticClipsPlugin = definePlugin<'dataset', SyntheticOptions>({
  extensionPoint: 'dataset',
  name: 'synthetic-clips',
  version: '0.1.0',
  description:
    'Procedurally generated video-captioning world with ground truth (the embedded default): features or RGB frames, 20-40 simulated descriptions per clip, 11 action labels.',
  optionsSchema,
  defaults,
  validate: validateSynthetic,
  create(options, ctx) {
    // Generated once per plugin instance: stages that call load() again get the same index.
    let index: ReturnType<typeof generateSynthetic> | undefined;
    return {
      load: async () => {
        index ??= generateSynthetic(options, ctx.seed);
        return index;
      },
    };
  },
});
