import { join } from 'node:path';
import type { Decoder } from '../../../core/contracts/decoder.js';
import type { Encoder } from '../../../core/contracts/encoder.js';
import { TopiclensError } from '../../../core/errors.js';
import type { Logger } from '../../../core/logger.js';
import { loadModel } from '../../training/model-io.js';
import { resolveSourceRun, sourceConfig, type SourceRun } from './resolve-source.js';

export const SOURCE_MODEL = join('train', 'model');

/**
 * Build encoder and classifier for `featureDim`-d frames and `numClasses` classes; load the
 * encoder's weights from the source captioning run when `from` is given (only the encoder part
 * of its `train/model`), else keep the encoder's seeded random init (LSTM-R).
 */
export async function prepareTransferModel(args: {
  encoder: Encoder;
  classifier: Decoder;
  featureDim: number;
  numClasses: number;
  from?: string;
  configDir: string;
  encoderSlot: unknown;
  presetsDir?: string;
  logger?: Logger;
}): Promise<{ source: SourceRun | null }> {
  const { encoder, classifier } = args;
  if (classifier.task !== 'classification') {
    throw new TopiclensError(
      '/decoder: the transfer stage needs a classification decoder; set "decoder": {"type": "mlp-classifier"} in the transfer config.',
      2,
    );
  }
  let source: SourceRun | null = null;
  if (args.from !== undefined) {
    source = await resolveSourceRun(args.from, args.configDir, args.presetsDir);
    const theirs = sourceConfig(source.runDir).encoder;
    if (JSON.stringify(theirs) !== JSON.stringify(args.encoderSlot)) {
      throw new TopiclensError(
        `/encoder: the source run ${source.runDir} was trained with encoder ${JSON.stringify(theirs)}, but this config has ${JSON.stringify(args.encoderSlot)}. ` +
          'The transfer config must use the same encoder (type and options) as its source run, so its weights can be loaded.',
        2,
      );
    }
  }
  encoder.build(args.featureDim);
  classifier.build(encoder.outputDim, { numClasses: args.numClasses });
  if (source) {
    const dir = join(source.runDir, SOURCE_MODEL);
    const meta = await loadModel(dir, { encoder });
    if (typeof meta.featureDim === 'number' && meta.featureDim !== args.featureDim) {
      throw new TopiclensError(
        `The source model ${dir} reads ${meta.featureDim}-d frame features, but this run's features are ${args.featureDim}-d. Use the same feature extractor (or synthetic featureDim) as the source run.`,
        2,
      );
    }
    args.logger?.info(`[transfer] encoder loaded from ${dir}`);
  } else {
    args.logger?.info('[transfer] encoder randomly initialised from the seed (no "from")');
  }
  return { source };
}
