import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOKENS } from '../../core/contracts/tokens.js';
import { createRunContainer } from '../../core/container/create-run-container.js';
import type { ExperimentConfig } from '../../core/config/types.js';
import { TopiclensError } from '../../core/errors.js';
import type { PluginRegistry } from '../../core/plugin/registry.js';
import { reopenRun } from '../../core/runner/run-experiment.js';
import { BOS_ID, EOS_ID, PAD_ID, Vocabulary } from '../../core/text/vocabulary.js';
import { buildCaptionModel, loadModel, type CaptionModel, type ModelParts } from '../training/index.js';
import { readModelMeta } from '../training/model-io.js';

export interface RunModelSizes {
  numFrames: number;
  featureDim: number;
  numTopics: number;
  vocabularySize: number;
}

export interface OpenedRunModel {
  model: CaptionModel;
  parts: ModelParts;
  vocabulary: Vocabulary;
  sizes: RunModelSizes;
  config: ExperimentConfig;
  modelDir: string;
}

export const partsOf = (m: CaptionModel): ModelParts => ({ encoder: m.encoder, decoder: m.decoder, interpretiveLoss: m.interpretiveLoss });

/**
 * The trained captioner of a finished run (`train/model`), built from the run's config with the
 * sizes recorded beside the weights; no features or data set are read.
 */
export async function openRunModel(runDir: string, registry: PluginRegistry): Promise<OpenedRunModel> {
  const trainDir = join(runDir, 'train');
  const modelDir = join(trainDir, 'model');
  if (!existsSync(join(trainDir, 'manifest.json')) || !existsSync(modelDir)) {
    throw new TopiclensError(
      `${runDir} has no finished train stage (no train/manifest.json and train/model); run the experiment first (\`topiclens run <config>\`) or import weights (\`topiclens import\`).`,
      2,
    );
  }
  const loaded = reopenRun(runDir, registry);
  const config = loaded.config;
  if (!config.encoder || !config.decoder || !config.interpretiveLoss) {
    throw new TopiclensError(
      `${join(runDir, 'config.json')}: export needs a captioning run (encoder, decoder and interpretiveLoss slots); transfer runs keep their model in transfer/model.`,
      2,
    );
  }
  const meta = await readModelMeta(modelDir);
  const num = (k: string): number => {
    const v = meta[k];
    if (typeof v !== 'number')
      throw new TopiclensError(
        `${modelDir}: the saved model does not record "${k}"; it was written by an older topiclens — run the train stage again.`,
        2,
      );
    return v;
  };
  const sizes: RunModelSizes = {
    numFrames: num('numFrames'),
    featureDim: num('featureDim'),
    numTopics: num('numTopics'),
    vocabularySize: num('vocabularySize'),
  };
  const vocabFile = join(trainDir, 'vocabulary.json');
  const vocabulary = Vocabulary.fromJSON(JSON.parse(readFileSync(vocabFile, 'utf8')), vocabFile);
  const container = await createRunContainer(registry, loaded, { slots: ['encoder', 'decoder', 'interpretiveLoss'], runDir });
  const model: CaptionModel = {
    encoder: container.resolve(TOKENS.encoder),
    decoder: container.resolve(TOKENS.decoder),
    interpretiveLoss: container.resolve(TOKENS.interpretiveLoss),
  };
  buildCaptionModel(model, {
    videos: [],
    numFrames: sizes.numFrames,
    featureDim: sizes.featureDim,
    numTopics: sizes.numTopics,
    vocabulary: { size: vocabulary.size, bosId: BOS_ID, eosId: EOS_ID, padId: PAD_ID },
  });
  await loadModel(modelDir, partsOf(model));
  return { model, parts: partsOf(model), vocabulary, sizes, config, modelDir };
}

/** Free the variables of an opened model. */
export function disposeRunModel(opened: OpenedRunModel): void {
  for (const part of Object.values(opened.parts)) for (const v of Object.values(part.variables())) v.dispose();
}
