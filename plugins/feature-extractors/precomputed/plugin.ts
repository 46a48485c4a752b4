import { configPath } from '../../../core/config/config-path.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import { PrecomputedExtractor, type PrecomputedOptions } from './extractor.js';
import { precomputedDefaults, precomputedSchema } from './schema.js';

/** `featureExtractor: { type: "precomputed" }`: one float32 `[frames, dim]` .npy per video. */
export const precomputedPlugin = definePlugin<'featureExtractor', PrecomputedOptions>({
  extensionPoint: 'featureExtractor',
  name: 'precomputed',
  version: '1.0.0',
  description: 'Precomputed per-frame features: one .npy ([frames, dim] float32) per video, shape-checked',
  optionsSchema: precomputedSchema,
  defaults: precomputedDefaults,
  create(options, ctx) {
    const dir = configPath(ctx.configDir, options.dir);
    return new PrecomputedExtractor({ ...options, dir });
  },
});
