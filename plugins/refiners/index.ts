import type { AnyManifest } from '../../core/plugin/manifest.js';
import { makeRefineCommand } from './commands/refine.js';
import { makeRefineEvalCommand } from './commands/refine-eval.js';
import { eq10Refiner } from './eq10/plugin.js';

export { Eq10Refiner } from './eq10/refine.js';
export { enhancementDelta } from './eq10/enhance.js';
export { LineageStore, BASE_ID, type LineageEntry } from './lineage/store.js';
export { openLineage, type SetAsideLineage } from './lineage/open-lineage.js';
export { readProvenance, changedStages, type Provenance } from './lineage/provenance.js';
export { staleLineages, type StaleInfo } from './lineage/set-aside.js';
export { RefineSession } from './session/session.js';
export { runModelLoader } from './session/load-run-model.js';
export type { RunModel, RunModelLoader } from './session/run-model.js';
export { refineEval, formatRefineEval } from './protocol/refine-eval.js';
export { EVAL_FILE, evalFile, writeEvalFile, type RefineEvalFile } from './protocol/eval-file.js';
export { makeRefineCommand, makeRefineEvalCommand };

/** The refiner plugins (extension point `refiner`) and the refine / refine-eval commands. */
const refiners: AnyManifest[] = [eq10Refiner, makeRefineCommand(), makeRefineEvalCommand()];
export default refiners;
