import type { AnyManifest } from '../../core/plugin/manifest.js';
import { reproduceCommand } from './command.js';

export { reproduce, type Reproduction, type ReproduceOptions, type WorldBlock, type SeedResult } from './reproduce.js';
export { formatReproduction } from './format.js';
export { PAPER, PRESET_SETS, type PresetSet } from './paper.js';
export { TARGETS, checklist, type ChecklistItem } from './checklist.js';
export { refineProtocol, type RefineResult, type RefineEvalRunner } from './refine-protocol.js';

/** `topiclens reproduce` (Tables 1-3 over seeds; the `transfer` stage it runs is in plugins/stages/transfer). */
const reproduceArea: AnyManifest[] = [reproduceCommand];
export default reproduceArea;
