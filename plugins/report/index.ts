import type { AnyManifest } from '../../core/plugin/manifest.js';
import { reportStage } from '../stages/report/stage.js';
import { reportCommand } from './command.js';

/** The run report: the `report` stage and the `topiclens report` command. */
export const reportManifests: AnyManifest[] = [reportStage, reportCommand];

export { buildReport, type BuildReportOptions, type BuildReportResult } from './build-report.js';
export { readRun, type RunData } from './read-run.js';

export default reportManifests;
