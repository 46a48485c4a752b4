import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOKENS } from '../../../core/contracts/tokens.js';
import { TopiclensError } from '../../../core/errors.js';
import { defineStage } from '../../../core/plugin/manifest.js';
import { writeJsonAtomic } from '../../../core/runner/atomic.js';
import { STAGE_MANIFEST } from '../../../core/runner/run-experiment.js';
import { saveModel } from '../../training/model-io.js';
import { readFeatures } from '../features/read-features.js';
import { classList, labelSet } from './label-data.js';
import { prepareTransferModel } from './prepare.js';
import { TRANSFER_ACCURACY, type TransferAccuracy } from './read-accuracy.js';
import { hasTransfer, transferDefaults, transferSchema, type TransferOptions } from './schema.js';
import { accuracyOf } from './accuracy.js';
import { trainClassifier } from './train-classifier.js';

export const TRANSFER_MODEL_DIR = 'model';

/** The output hash recorded in a run's `train/manifest.json`, or null. */
export function sourceTrainHash(runDir: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(runDir, 'train', STAGE_MANIFEST), 'utf8')) as { outputHash?: string }).outputHash ?? null;
  } catch {
    return null;
  }
}
export const TRANSFER_HISTORY = 'history.json';

export const transferStage = defineStage<TransferOptions>({
  name: 'transfer',
  version: '1.0.0',
  description:
    'Action recognition on the captioning encoder (Sec. 5): two-layer classifier on the mean encoding, encoder loaded from a captioning run and frozen (LSTM-B/I) or random and trained (LSTM-R); test accuracy.',
  after: ['features'],
  configKeys: ['dataset', 'encoder', 'decoder', 'transfer'],
  section: 'transfer',
  optionsSchema: transferSchema,
  defaults: transferDefaults,
  enabled: hasTransfer,
  validate: (o) => ({ batchSize: o.batchSize }),
  async run(ctx) {
    const o = ctx.options;
    const features = await readFeatures(ctx.stageDir('features'));
    const { info } = await ctx.resolve(TOKENS.dataset).load();
    const classes = classList(features, info.labels);
    const train = labelSet(features, 'train', classes);
    const val = labelSet(features, 'val', classes);
    const test = labelSet(features, 'test', classes);
    if (!test.ids.length)
      throw new TopiclensError(
        "The transfer stage needs labelled test videos to report accuracy; the features stage holds none in the test split. Check the data set's split counts.",
      );
    const encoder = ctx.resolve(TOKENS.encoder);
    const classifier = ctx.resolve(TOKENS.decoder);
    const { source } = await prepareTransferModel({
      encoder,
      classifier,
      featureDim: features.dim,
      numClasses: classes.length,
      from: o.from,
      configDir: ctx.configDir,
      encoderSlot: ctx.config.encoder,
      logger: ctx.logger,
    });
    if (!source && o.freezeEncoder)
      ctx.logger.warn('transfer: freezeEncoder is true but there is no "from": the classifier is trained on a random, frozen encoder.');
    ctx.logger.info(
      `[transfer] ${info.name}: ${train.ids.length} train / ${val.ids.length} val / ${test.ids.length} test videos, ${classes.length} classes, encoder ${o.freezeEncoder ? 'frozen' : 'trained'}`,
    );
    const model = { encoder, classifier };
    const result = await trainClassifier({
      model,
      train,
      val,
      options: { ...o, seed: ctx.seed, checkpointDir: join(ctx.dir, 'checkpoint') },
      logger: ctx.logger,
    });
    const acc = await accuracyOf(model, test);
    const perClass: TransferAccuracy['perClass'] = Object.fromEntries(classes.map((c) => [c, { correct: 0, total: 0 }]));
    test.ids.forEach((_, i) => {
      const c = perClass[classes[test.labels[i]!]!]!;
      c.total++;
      if (acc.predictions[i] === test.labels[i]) c.correct++;
    });
    await saveModel(
      join(ctx.dir, TRANSFER_MODEL_DIR),
      { encoder, decoder: classifier },
      { numClasses: classes.length, classes, featureDim: features.dim, numFrames: train.numFrames, source: source?.runDir ?? null },
    );
    writeJsonAtomic(
      join(ctx.dir, TRANSFER_HISTORY),
      result.epochs.map((e) => ({ epoch: e.epoch, loss: e.taskLoss, gradNorm: e.gradNorm, valAccuracy: e.validation?.score ?? null })),
    );
    const out: TransferAccuracy = {
      accuracy: acc.accuracy,
      correct: acc.correct,
      total: acc.total,
      split: 'test',
      classes,
      perClass,
      source: source?.runDir ?? null,
      sourceTrainHash: source ? sourceTrainHash(source.runDir) : null,
      freezeEncoder: o.freezeEncoder,
      bestEpoch: result.bestEpoch,
      completedEpochs: result.completedEpochs,
      dataset: info.name,
    };
    writeJsonAtomic(join(ctx.dir, TRANSFER_ACCURACY), out);
    ctx.logger.record('transfer/accuracy', { accuracy: acc.accuracy, correct: acc.correct, total: acc.total });
    ctx.logger.info(`[transfer] test accuracy ${(100 * acc.accuracy).toFixed(2)}% (${acc.correct}/${acc.total}) on ${info.name}`);
  },
});
