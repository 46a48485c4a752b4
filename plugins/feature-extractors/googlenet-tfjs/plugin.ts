import { configPath } from '../../../core/config/config-path.js';
import { TopiclensError } from '../../../core/errors.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import { TfjsGooglenetExtractor, type GooglenetTfjsOptions } from './extractor.js';
import schema from './options.schema.json' with { type: 'json' };

const defaults = { frames: 28, resize: 256, crop: 224, mean: [104, 117, 123], batchSize: 28 };

/** `featureExtractor: { type: "googlenet-tfjs" }`: GoogLeNet pool5/7x7_s1 on the tfjs backend in use. */
export const googlenetTfjsPlugin = definePlugin<'featureExtractor', GooglenetTfjsOptions>({
  extensionPoint: 'featureExtractor',
  name: 'googlenet-tfjs',
  version: '1.0.0',
  description: 'BVLC GoogLeNet pool5/7x7_s1 (1024-d) on TensorFlow.js (any backend), weights converted from ONNX by `topiclens convert`',
  optionsSchema: schema,
  defaults,
  create(options, ctx) {
    if (options.resize < options.crop) {
      throw new TopiclensError(`googlenet-tfjs options: "resize" (${options.resize}) must be at least "crop" (${options.crop}): frames are scaled to resize × resize, then centre-cropped.`, 2);
    }
    const dir = configPath(ctx.configDir, options.model);
    return new TfjsGooglenetExtractor(ctx.tf, dir, { ...defaults, ...options });
  },
});
