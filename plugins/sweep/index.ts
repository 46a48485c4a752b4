import type { AnyManifest } from '../../core/plugin/manifest.js';
import { sweepCommand } from './command.js';
import { queueCommand, workerCommand } from './queue/commands.js';

export { expandGrid, parseSeeds, type GridPoint, type GridRun } from './grid.js';
export { buildSweepSpec, type SweepRequest } from './build-spec.js';
export { runSweepLocally } from './local.js';
export { summarizeSweep, formatSweep, writeSweepSummary, type SweepSummary } from './summary.js';
export { readSpec, type SweepSpec } from './spec.js';

/** `topiclens sweep` (grids of runs, here or on BullMQ workers), `topiclens worker`, `topiclens queue`. */
const sweepArea: AnyManifest[] = [sweepCommand, workerCommand, queueCommand];
export default sweepArea;
