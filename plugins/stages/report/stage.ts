import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configPath } from '../../../core/config/config-path.js';
import { defineStage, type StageContext } from '../../../core/plugin/manifest.js';
import { buildReport } from '../../report/build-report.js';
import { isCaptioning } from '../train/stage.js';
import { reportOptionsSchema, type ReportOptions } from './schema.js';

/** Stages whose outputs the report reads when they are registered (`optionalAfter`). */
export const REPORT_READS = ['topics', 'train', 'evaluate', 'attribute'] as const;

/** Stage `report`: report/report.html (self-contained) + report/data/*.json|csv from the run folder. */
export const reportStage = defineStage<ReportOptions>({
  name: 'report',
  version: '1.0.0',
  description: "One self-contained HTML page with the paper's tables and figures for this run (+ data/*.json|csv of every chart)",
  after: [],
  optionalAfter: [...REPORT_READS],
  configKeys: [
    'dataset',
    'featureExtractor',
    'topicModel',
    'encoder',
    'decoder',
    'interpretiveLoss',
    'attributor',
    'metrics',
    'train',
    'evaluate',
    'attribute',
  ],
  section: 'report',
  // The report shows captioning results; a transfer run's figures are in transfer/accuracy.json.
  enabled: isCaptioning,
  optionsSchema: reportOptionsSchema,
  defaults: {},
  async run(ctx: StageContext<ReportOptions>): Promise<void> {
    const options = ctx.options;
    const stageDir = (stage: string): string => {
      try {
        return ctx.stageDir(stage);
      } catch {
        return join(ctx.runDir, stage); // a stage not registered (yet): its folder is simply absent
      }
    };
    let compare = configPath(ctx.configDir, options.compare);
    if (compare !== undefined && !existsSync(compare)) {
      ctx.logger.warn(
        `report: report.compare names ${compare}, which does not exist (run that experiment first); the report shows this run alone.`,
      );
      compare = undefined;
    }
    const result = buildReport(ctx.runDir, { compare, outDir: ctx.dir, stageDir });
    const missing = [...new Set(result.missing)];
    for (const m of missing) ctx.logger.warn(`report: ${m}`);
    ctx.logger.record('report', { file: result.file, charts: result.charts, data: result.data, missing });
    ctx.logger.info(`report: ${result.file} (${result.charts.length} charts${missing.length ? `, ${missing.length} inputs missing` : ''})`);
  },
});
