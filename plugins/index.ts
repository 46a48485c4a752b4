import '../core/tensor/tfjs-registrations.js';
import type { AnyManifest } from '../core/plugin/manifest.js';
import attributors from './attributors/index.js';
import datasets from './datasets/index.js';
import decoders from './decoders/index.js';
import encoders from './encoders/index.js';
import featureExtractors from './feature-extractors/index.js';
import interpretiveLosses from './interpretive-losses/index.js';
import metrics from './metrics/index.js';
import refiners from './refiners/index.js';
import report from './report/index.js';
import reproduce from './reproduce/index.js';
import stages from './stages/index.js';
import studio from './studio/index.js';
import sweep from './sweep/index.js';
import topicModels from './topic-models/index.js';
import weights from './weights/index.js';

/**
 * The built-in plugins, stages and commands. Core loads this module through the same path as
 * any third-party plugin module. Each area keeps its own list in its folder's index.ts; every
 * stage is listed, in run order, in plugins/stages/index.ts (the order here does not matter).
 */
const builtins: AnyManifest[] = [
  // extension-point plugins (and the commands that belong to them)
  ...attributors,
  ...refiners,
  ...encoders,
  ...decoders,
  ...interpretiveLosses,
  ...topicModels,
  ...featureExtractors,
  ...datasets,
  ...metrics,
  // stages
  ...stages,
  // applications and tools
  ...weights,
  ...reproduce,
  ...sweep,
  ...report,
  ...studio,
];

export default builtins;
