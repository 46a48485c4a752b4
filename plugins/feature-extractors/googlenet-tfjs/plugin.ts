import { configPath } from '../../../core/config/config-path.js';
import { TopiclensError } from '../../../core/errors.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import { TfjsGooglenetExtractor, type GooglenetTfjsOptions } from './extractor.js';
import { googlenetTfjsDefaults, googlenetTfjsSchema } from './schema.js';

/** `featureExtractor: { type: "googlenet-tfjs" }`: GoogLeNet pool5/7x7_s1 on the tfjs backend in use. */
export const googlenetTfjsPlugin = definePlugin<'featureExtractor', GooglenetTfjsOptions>({
  extensionPoint: 'featureExtractor',
  name: 'googlenet-tfjs',
  version: '1.0.0',
  description: 'BVLC GoogLeNet pool5/7x7_s1 (1024-d) on TensorFlow.js (any backend), weights converted from ONNX by `topiclens convert`',
  optionsSchema: googlenetTfjsSchema,
  defaults: googlenetTfjsDefaults,
  create(options, ctx) {
    if (options.resize < options.crop) {
      throw new TopiclensError(
        `googlenet-tfjs options: "resize" (${options.resize}) must be at least "crop" (${options.crop}): frames are scaled to resize × resize, then centre-cropped.`,
        2,
      );
    }
    const dir = configPath(ctx.configDir, options.model);
    return new TfjsGooglenetExtractor(ctx.tf, dir, options);
  },
});
