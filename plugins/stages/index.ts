import type { AnyManifest, StageManifest } from '../../core/plugin/manifest.js';
import { attributeCommand } from './attribute/command.js';
import { attributeStage } from './attribute/stage.js';
import { evaluateStage } from './evaluate/stage.js';
import { featuresStage } from './features/stage.js';
import { reportStage } from './report/stage.js';
import { topicsStage } from './topics/stage.js';
import { trainStage } from './train/stage.js';
import { transferStage } from './transfer/stage.js';

/**
 * Every built-in stage, in run order. Each stage's `after` says what it must follow; where that
 * leaves a choice, this list decides: each stage gets its position here as its `order`, so the
 * order of a run does not depend on which module registered what first.
 */
const RUN_ORDER: StageManifest[] = [topicsStage, featuresStage, trainStage, evaluateStage, attributeStage, transferStage, reportStage];

export const builtinStages: StageManifest[] = RUN_ORDER.map((stage, i) => ({ ...stage, order: i + 1 }));

/** The stages, and the `attribute` command (neurons → topics of a finished run). */
export default [...builtinStages, attributeCommand] as AnyManifest[];
