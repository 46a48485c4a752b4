import type { AnyManifest } from '../../core/plugin/manifest.js';
import { attributeCommand } from './attribute/command.js';
import { attributeStage } from './attribute/stage.js';
import { evaluateStage } from './evaluate/stage.js';
import { trainStage } from './train/stage.js';

/** The captioning model's stages: train → evaluate, and attribute (neurons → topics). */
export default [trainStage, evaluateStage, attributeStage, attributeCommand] as AnyManifest[];
