import type { AnyManifest } from '../../core/plugin/manifest.js';
import { featuresStage } from '../stages/features/stage.js';
import { googlenetPlugin } from './googlenet/plugin.js';
import { convertCommand } from './googlenet-tfjs/command.js';
import { googlenetTfjsPlugin } from './googlenet-tfjs/plugin.js';
import { precomputedPlugin } from './precomputed/plugin.js';

export { readFeatures, type FeatureStore } from '../stages/features/read-features.js';
export { featuresStage } from '../stages/features/stage.js';
export { convertOnnxFile } from './googlenet-tfjs/convert.js';

/** Feature extractors, the `features` stage, and the `convert` command. */
export const featureExtractorManifests: AnyManifest[] = [googlenetPlugin, googlenetTfjsPlugin, precomputedPlugin, featuresStage, convertCommand];

export default featureExtractorManifests;
