import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StageContext } from '../../../core/plugin/manifest.js';
import { Vocabulary } from '../../../core/text/vocabulary.js';
import { buildCaptionModel, loadModel, type CaptionModel } from '../../training/index.js';
import { captionData, readRunInputs, type RunInputs } from './caption-data.js';
import { captionModelOf, MODEL_DIR, VOCABULARY_FILE } from './stage.js';

export interface RestoredRun {
  model: CaptionModel;
  vocabulary: Vocabulary;
  inputs: RunInputs;
}

/** The trained captioning model of this run, rebuilt from the config and loaded from `train/model`. */
export async function restoreCaptionModel(ctx: StageContext): Promise<RestoredRun> {
  const trainDir = ctx.stageDir('train');
  const vocabulary = Vocabulary.fromJSON(
    JSON.parse(readFileSync(join(trainDir, VOCABULARY_FILE), 'utf8')),
    join(trainDir, VOCABULARY_FILE),
  );
  const model = captionModelOf(ctx);
  const inputs = await readRunInputs(ctx, { needTopics: ctx.config.topicModel !== undefined });
  buildCaptionModel(model, captionData(inputs, [], vocabulary));
  await loadModel(join(trainDir, MODEL_DIR), { encoder: model.encoder, decoder: model.decoder, interpretiveLoss: model.interpretiveLoss });
  return { model, vocabulary, inputs };
}
