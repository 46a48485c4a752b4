import { join } from 'node:path';
import { TOKENS } from '../../../core/contracts/tokens.js';
import { pipelineMode } from '../../../core/config/types.js';
import { TopiclensError } from '../../../core/errors.js';
import { defineStage, type StageContext } from '../../../core/plugin/manifest.js';
import { writeJsonAtomic } from '../../../core/runner/atomic.js';
import { Vocabulary } from '../../../core/text/vocabulary.js';
import { saveModel, trainCaptioner, type CaptionModel, type Validation } from '../../training/index.js';
import { HISTORY_FILE } from './read-history.js';
import { captionData, captionedIds, readRunInputs, type RunInputs } from './caption-data.js';
import { generateCaptions } from './captioner.js';
import { scoreCaptions } from './score.js';
import { trainDefaults, trainSchema, type TrainSectionOptions } from './schema.js';
import { validateTrainSection } from './validate-section.js';

export const MODEL_DIR = 'model';
export const VOCABULARY_FILE = 'vocabulary.json';
export { HISTORY_FILE };

/** The encoder, decoder and interpretive loss of this run (resolved from the container). */
export function captionModelOf(ctx: Pick<StageContext, 'resolve' | 'container'>): CaptionModel {
  if (!ctx.container.isRegistered(TOKENS.interpretiveLoss, true)) {
    throw new TopiclensError('The config has no "interpretiveLoss" slot. Use {"type": "l2"} for LSTM-I or {"type": "none"} for LSTM-B.', 2);
  }
  return {
    encoder: ctx.resolve(TOKENS.encoder),
    decoder: ctx.resolve(TOKENS.decoder),
    interpretiveLoss: ctx.resolve(TOKENS.interpretiveLoss),
  };
}

/** The vocabulary the train stage builds: the training split's caption words (train section options). */
export function trainVocabulary(inputs: RunInputs, o: TrainSectionOptions): Vocabulary {
  return Vocabulary.fromCaptions(
    captionedIds(inputs, 'train').flatMap((id) => inputs.videos.get(id)!.captions),
    { minCount: o.minWordCount, maxLength: o.maxTokens - 1, maxSize: o.maxVocabulary },
  );
}

export const isCaptioning = (config: StageContext['config']): boolean =>
  pipelineMode(config) === 'captioning' && Boolean(config.encoder && config.decoder);

export const trainStage = defineStage<TrainSectionOptions>({
  name: 'train',
  version: '1.0.0',
  description:
    'Train encoder + caption decoder + interpretive loss jointly (Eq. 2) with Adadelta; checkpoint each epoch, resume after a crash.',
  after: ['features', 'topics'],
  configKeys: ['dataset', 'encoder', 'decoder', 'interpretiveLoss', 'metrics'],
  section: 'train',
  optionsSchema: trainSchema,
  defaults: trainDefaults,
  enabled: isCaptioning,
  validate: validateTrainSection,
  async run(ctx) {
    const o = ctx.options;
    const validation = o.validation;
    const model = captionModelOf(ctx);
    if (model.interpretiveLoss.lambda > 0 && !ctx.config.topicModel) {
      throw new TopiclensError(
        'The interpretive loss (λ > 0) needs topic vectors: configure a "topicModel", or use {"type": "none"} as the interpretiveLoss.',
        2,
      );
    }
    const inputs = await readRunInputs(ctx, { needTopics: ctx.config.topicModel !== undefined });
    const trainIds = captionedIds(inputs, 'train');
    if (!trainIds.length)
      throw new TopiclensError(
        'The training split has no videos with features and captions; check the dataset counts and the features stage output.',
      );
    const vocabulary = trainVocabulary(inputs, o);
    writeJsonAtomic(join(ctx.dir, VOCABULARY_FILE), vocabulary.toJSON());
    const train = captionData(inputs, trainIds, vocabulary);
    ctx.logger.info(
      `[train] ${trainIds.length} videos, ${train.videos.reduce((s, v) => s + v.captions.length, 0)} captions, vocabulary ${vocabulary.size}, ` +
        `${train.numTopics} topics, λ = ${model.interpretiveLoss.lambda}`,
    );

    const valIds = captionedIds(inputs, 'val').slice(0, validation.maxVideos);
    const metrics = ctx.resolveAll(TOKENS.metric);
    const scorer = metrics.find((m) => m.keys.includes(validation.metric));
    if (valIds.length && !scorer) {
      throw new TopiclensError(
        `/train/validation/metric: "${validation.metric}" is produced by none of the configured metrics (${metrics.flatMap((m) => m.keys).join(', ') || 'none configured'}). Add the metric to "metrics" or choose another key.`,
        2,
      );
    }
    // Validation logs BLEU-4 and METEOR besides the metric early stopping uses.
    const validationMetrics = metrics.filter((x) => x.keys.some((k) => k === validation.metric || k === 'Bleu_4' || k === 'METEOR'));
    const validate = valIds.length
      ? async (_epoch: number, m: CaptionModel): Promise<Validation> => {
          const captions = await generateCaptions(m, inputs.features, valIds, vocabulary, {
            beam: validation.beam,
            maxLength: o.maxTokens,
            batchSize: 64,
          });
          const { corpus } = await scoreCaptions(validationMetrics, captions, (id) => inputs.videos.get(id)!.captions);
          return { score: corpus[validation.metric]!, metrics: corpus };
        }
      : undefined;

    const result = await trainCaptioner({
      model,
      data: { train },
      options: {
        epochs: o.epochs,
        batchSize: o.batchSize,
        clipNorm: o.clipNorm,
        patience: o.patience,
        captionsPerVideo: o.captionsPerVideo,
        maxTokens: o.maxTokens,
        learningRate: o.learningRate,
        rho: o.rho,
        epsilon: o.epsilon,
        weightAverage: o.weightAverage,
        seed: ctx.seed,
        checkpointDir: join(ctx.dir, 'checkpoint'),
        restoreBest: true,
      },
      validate,
      logger: ctx.logger,
    });
    await saveModel(
      join(ctx.dir, MODEL_DIR),
      { encoder: model.encoder, decoder: model.decoder, interpretiveLoss: model.interpretiveLoss },
      {
        bestEpoch: result.bestEpoch,
        bestScore: result.bestScore,
        completedEpochs: result.completedEpochs,
        numFrames: train.numFrames,
        featureDim: train.featureDim,
        numTopics: train.numTopics,
        vocabularySize: vocabulary.size,
      },
    );
    writeJsonAtomic(
      join(ctx.dir, HISTORY_FILE),
      result.epochs.map((e) => ({
        epoch: e.epoch,
        taskLoss: e.taskLoss,
        interpretiveLoss: e.interpretiveLoss,
        totalLoss: e.totalLoss,
        val: e.validation?.metrics ?? {},
      })),
    );
    ctx.logger.record('train/done', {
      bestEpoch: result.bestEpoch,
      bestScore: result.bestScore,
      epochs: result.completedEpochs,
      stoppedEarly: result.stoppedEarly,
    });
  },
});
