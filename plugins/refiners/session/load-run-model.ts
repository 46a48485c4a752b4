import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TOKENS } from '../../../core/contracts/tokens.js';
import type { Decoder } from '../../../core/contracts/decoder.js';
import type { Encoder } from '../../../core/contracts/encoder.js';
import { createRunContainer } from '../../../core/container/create-run-container.js';
import { TopiclensError } from '../../../core/errors.js';
import type { PluginRegistry } from '../../../core/plugin/registry.js';
import { BOS_ID, EOS_ID, PAD_ID, Vocabulary } from '../../../core/text/vocabulary.js';
import { loadModel } from '../../training/model-io.js';
import type { RunData } from './run-data.js';
import { readStageJson } from './read-json.js';
import type { RunModel, RunModelLoader } from './run-model.js';

/**
 * The trained captioner of a run: the encoder and decoder plugins named in the run's
 * config.json, built for the run's feature size and vocabulary (train/vocabulary.json), with
 * the weights of train/model/ (the trainer's saveModel: keys `encoder/<name>`, `decoder/<name>`).
 */
export function runModelLoader(registry: PluginRegistry): RunModelLoader {
  return async (data: RunData): Promise<RunModel> => {
    const { runDir, config } = data;
    if (!config.encoder || !config.decoder) {
      throw new TopiclensError(`${join(runDir, 'config.json')} has no encoder/decoder slot; refinement needs a trained captioning run.`);
    }
    const modelDir = join(runDir, 'train', 'model');
    if (!existsSync(modelDir)) throw new TopiclensError(`${modelDir} is missing: run the "train" stage first (topiclens run <config>).`);
    const vocabulary = Vocabulary.fromJSON(
      readStageJson(join(runDir, 'train', 'vocabulary.json'), 'train'),
      join(runDir, 'train', 'vocabulary.json'),
    );
    const container = await createRunContainer(
      registry,
      { config, file: join(runDir, 'config.json'), dir: runDir, chain: [join(runDir, 'config.json')] },
      { slots: ['encoder', 'decoder'], runDir },
    );
    const encoder = container.resolve<Encoder>(TOKENS.encoder);
    const decoder = container.resolve<Decoder>(TOKENS.decoder);
    encoder.build(data.features.dim);
    decoder.build(encoder.outputDim, { vocabularySize: vocabulary.size, bosId: BOS_ID, eosId: EOS_ID, padId: PAD_ID });
    await loadModel(modelDir, { encoder, decoder });
    // Decode as the evaluate stage did (its section's beam / maxLength; the decoder's defaults otherwise).
    const ev = (config.evaluate ?? {}) as { beam?: number; maxLength?: number };
    return {
      encoder,
      async describe(encoded) {
        const out = await decoder.decode(encoded, { beam: ev.beam, maxLength: ev.maxLength ?? 20 });
        if (out.kind !== 'caption')
          throw new TopiclensError(
            `The run's decoder "${config.decoder!.type}" is a classifier; refinement of captions needs a caption decoder.`,
          );
        return out.sequences.map((s) => vocabulary.decode(s));
      },
      dispose() {
        for (const part of [encoder, decoder]) for (const v of Object.values(part.variables())) v.dispose();
      },
    };
  };
}
