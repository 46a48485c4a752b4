import type { AnyManifest } from '../../core/plugin/manifest.js';
import { reportCommand } from './command.js';

/** `topiclens report` (the `report` stage that builds the same page during a run is in plugins/stages/report). */
export const reportManifests: AnyManifest[] = [reportCommand];

export { buildReport, type BuildReportOptions, type BuildReportResult } from './build-report.js';
export { readRun, type RunData } from './read-run.js';

export default reportManifests;
