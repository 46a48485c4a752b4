import { configPath } from '../../../core/config/config-path.js';
import { TopiclensError } from '../../../core/errors.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import { OnnxGooglenetExtractor } from './extractor.js';
import { googlenetDefaults, type GooglenetOptions } from './options.js';
import { googlenetSchema } from './schema.js';

/** `featureExtractor: { type: "googlenet" }`: BVLC GoogLeNet pool5/7x7_s1 (1024-d) on ONNX Runtime. */
export const googlenetPlugin = definePlugin<'featureExtractor', GooglenetOptions>({
  extensionPoint: 'featureExtractor',
  name: 'googlenet',
  version: '1.0.0',
  description:
    'BVLC GoogLeNet pool5/7x7_s1 (1024-d per frame) on ONNX Runtime, from an ONNX file; Caffe preprocessing; frames decoded with ffmpeg',
  optionsSchema: googlenetSchema,
  defaults: googlenetDefaults,
  create(options, ctx) {
    if (options.resize < options.crop) {
      throw new TopiclensError(
        `googlenet options: "resize" (${options.resize}) must be at least "crop" (${options.crop}): frames are scaled to resize × resize, then centre-cropped.`,
        2,
      );
    }
    const model = configPath(ctx.configDir, options.model);
    return new OnnxGooglenetExtractor(model, options);
  },
});
