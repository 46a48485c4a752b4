import type { AnyManifest } from '../../core/plugin/manifest.js';
import { transferStage } from '../stages/transfer/stage.js';
import { reproduceCommand } from './command.js';

export { transferStage } from '../stages/transfer/stage.js';
export { hasTransfer } from '../stages/transfer/schema.js';
export { reproduce, type Reproduction, type ReproduceOptions, type WorldBlock, type SeedResult } from './reproduce.js';
export { formatReproduction } from './format.js';
export { PAPER, PRESET_SETS, type PresetSet } from './paper.js';
export { TARGETS, checklist, type ChecklistItem } from './checklist.js';
export { refineProtocol, type RefineResult, type RefineEvalRunner } from './refine-protocol.js';

/** Transfer to action recognition (Table 3): the `transfer` stage; `topiclens reproduce`. */
const reproduceArea: AnyManifest[] = [transferStage, reproduceCommand];
export default reproduceArea;
