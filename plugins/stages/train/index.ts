import type { AnyManifest } from '../../../core/plugin/manifest.js';
import { evaluateStage } from '../evaluate/stage.js';
import { trainStage } from './stage.js';

export default [trainStage, evaluateStage] as AnyManifest[];
