import { configPath } from '../../../core/config/config-path.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import { PrecomputedExtractor, type PrecomputedOptions } from './extractor.js';
import schema from './options.schema.json' with { type: 'json' };

/** `featureExtractor: { type: "precomputed" }`: one float32 `[frames, dim]` .npy per video. */
export const precomputedPlugin = definePlugin<'featureExtractor', PrecomputedOptions>({
  extensionPoint: 'featureExtractor',
  name: 'precomputed',
  version: '1.0.0',
  description: 'Precomputed per-frame features: one .npy ([frames, dim] float32) per video, shape-checked',
  optionsSchema: schema,
  defaults: { pattern: '{id}.npy' },
  create(options, ctx) {
    const dir = configPath(ctx.configDir, options.dir);
    return new PrecomputedExtractor({ ...options, pattern: options.pattern ?? '{id}.npy', dir });
  },
});
