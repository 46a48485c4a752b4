import type { AnyManifest } from '../../core/plugin/manifest.js';
import { googlenetPlugin } from './googlenet/plugin.js';
import { convertCommand } from './googlenet-tfjs/command.js';
import { googlenetTfjsPlugin } from './googlenet-tfjs/plugin.js';
import { precomputedPlugin } from './precomputed/plugin.js';

export { convertOnnxFile } from './googlenet-tfjs/convert.js';

/** Feature extractors and the `convert` command (the `features` stage is in plugins/stages/features). */
export const featureExtractorManifests: AnyManifest[] = [googlenetPlugin, googlenetTfjsPlugin, precomputedPlugin, convertCommand];

export default featureExtractorManifests;
