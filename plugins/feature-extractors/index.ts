import type { AnyManifest } from '../../core/plugin/manifest.js';
import { featuresStage } from '../stages/features/stage.js';
import { googlenetPlugin } from './googlenet/plugin.js';
import { precomputedPlugin } from './precomputed/plugin.js';

export { readFeatures, type FeatureStore } from '../stages/features/read-features.js';
export { featuresStage } from '../stages/features/stage.js';

/** Feature extractors, the `features` stage, and the `convert` command. */
export const featureExtractorManifests: AnyManifest[] = [googlenetPlugin, precomputedPlugin, featuresStage];

export default featureExtractorManifests;
