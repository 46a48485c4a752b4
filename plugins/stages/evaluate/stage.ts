import { join } from 'node:path';
import { TOKENS } from '../../../core/contracts/tokens.js';
import { scoreSplit } from '../../../core/config/types.js';
import { TopiclensError } from '../../../core/errors.js';
import { defineStage } from '../../../core/plugin/manifest.js';
import { writeJsonAtomic } from '../../../core/runner/atomic.js';
import { captionedIds } from '../train/caption-data.js';
import { generateCaptions } from '../train/captioner.js';
import { restoreCaptionModel } from '../train/restore.js';
import { scoreCaptions } from '../train/score.js';
import { isCaptioning } from '../train/stage.js';
import { nearestNeighbourCaptions } from './nearest-neighbour.js';
import { CAPTIONS_FILE, type CaptionsFile } from './read-captions.js';
import { SCORES_FILE } from './read-scores.js';
import { validateEvaluateSection } from './validate-section.js';

const SHOWN = ['Bleu_4', 'METEOR', 'ROUGE_L', 'CIDEr'];

interface EvaluateOptions {
  beam?: number;
  maxLength: number;
  baseline: boolean;
}

export const evaluateStage = defineStage<EvaluateOptions>({
  name: 'evaluate',
  version: '1.0.0',
  description:
    'Caption the test split (or the val split, with scoreOn: "val") by beam search, score with every configured metric, and against a nearest-neighbour baseline.',
  after: ['train'],
  configKeys: ['decoder', 'metrics', 'scoreOn'],
  section: 'evaluate',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      beam: { type: 'integer', minimum: 1, nullable: true, description: 'Beam width (default: the decoder\'s "beam" option).' },
      maxLength: { type: 'integer', minimum: 1 },
      baseline: { type: 'boolean', description: 'Also score the nearest-neighbour baseline.' },
    },
    required: ['maxLength', 'baseline'],
  },
  defaults: { maxLength: 20, baseline: true },
  enabled: isCaptioning,
  validate: validateEvaluateSection,
  async run(ctx) {
    const o = ctx.options;
    const { model, vocabulary, inputs } = await restoreCaptionModel(ctx);
    const split = scoreSplit(ctx.config);
    const testIds = captionedIds(inputs, split);
    if (!testIds.length) throw new TopiclensError(`The ${split} split has no videos with features and captions; nothing to evaluate.`);
    const metrics = ctx.resolveAll(TOKENS.metric);
    if (!metrics.length) throw new TopiclensError('No "metrics" are configured; add e.g. ["bleu", "meteor", "rouge-l", "cider"].', 2);
    const bar = ctx.logger.progress(`captioning ${split} videos`, testIds.length);
    const captions = await generateCaptions(model, inputs.features, testIds, vocabulary, {
      beam: o.beam,
      maxLength: o.maxLength,
      batchSize: 32,
      onBatch: (n) => bar.tick(n),
    });
    bar.done();
    const referencesOf = (id: string) => inputs.videos.get(id)!.captions;
    const scores = await scoreCaptions(metrics, captions, referencesOf);
    let baseline: { corpus: Record<string, number> } | undefined;
    if (o.baseline) {
      const nn = nearestNeighbourCaptions(inputs.features, captionedIds(inputs, 'train'), testIds, referencesOf);
      baseline = { corpus: (await scoreCaptions(metrics, nn, referencesOf)).corpus };
    }
    const captionsFile: CaptionsFile = Object.fromEntries(
      testIds.map((id) => [id, { hypothesis: captions.get(id)!, references: referencesOf(id) }]),
    );
    writeJsonAtomic(join(ctx.dir, CAPTIONS_FILE), captionsFile);
    writeJsonAtomic(join(ctx.dir, SCORES_FILE), { corpus: scores.corpus, items: scores.items, ...(baseline ? { baseline } : {}) });
    ctx.logger.record('evaluate', { split, videos: testIds.length, corpus: scores.corpus, baseline: baseline?.corpus });
    const keys = SHOWN.filter((k) => k in scores.corpus);
    const row = (label: string, c: Record<string, number>) =>
      `  ${label.padEnd(22)}${keys.map((k) => (c[k] ?? NaN).toFixed(4).padStart(10)).join('')}`;
    ctx.logger.info(
      [
        `[evaluate] ${testIds.length} ${split} videos`,
        `  ${''.padEnd(22)}${keys.map((k) => k.padStart(10)).join('')}`,
        row(ctx.config.name, scores.corpus),
        ...(baseline ? [row('nearest-neighbour', baseline.corpus)] : []),
      ].join('\n'),
    );
  },
});
