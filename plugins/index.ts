import '../core/tensor/tfjs-registrations.js';
import type { AnyManifest } from '../core/plugin/manifest.js';
import attributors from './attributors/index.js';
import refiners from './refiners/index.js';
import encoders from './encoders/index.js';
import decoders from './decoders/index.js';
import interpretiveLosses from './interpretive-losses/index.js';
import topicModels from './topic-models/index.js';
import featureExtractors from './feature-extractors/index.js';
import datasets from './datasets/index.js';
import metrics from './metrics/index.js';
import report from './report/index.js';
import reproduce from './reproduce/index.js';
import modelStages from './stages/index.js';
import sweep from './sweep/index.js';
import weights from './weights/index.js';

/**
 * The built-in plugins, stages and commands. Core loads this module through the same path as
 * any third-party plugin module. Each area keeps its own list in its folder's index.ts.
 */
const builtins: AnyManifest[] = [...attributors, ...refiners, ...encoders, ...decoders, ...interpretiveLosses, ...topicModels, ...featureExtractors, ...datasets, ...metrics, ...modelStages, ...weights, ...reproduce, ...sweep, ...report, ]; // keep ...report last (its stage runs after those registered before it)

export default builtins;
