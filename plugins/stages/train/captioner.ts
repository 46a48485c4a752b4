import * as tf from '@tensorflow/tfjs-core';
import type { Vocabulary } from '../../../core/text/vocabulary.js';
import type { CaptionModel } from '../../training/types.js';
import type { FeatureStore } from '../features/read-features.js';

/** Generate captions for `ids` in batches (beam 1 = greedy). Returns id → caption text. */
export async function generateCaptions(
  model: CaptionModel,
  features: FeatureStore,
  ids: readonly string[],
  vocabulary: Vocabulary,
  options: { beam?: number; maxLength: number; batchSize: number; onBatch?: (done: number) => void },
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let start = 0; start < ids.length; start += options.batchSize) {
    const chunk = ids.slice(start, start + options.batchSize);
    const { data, frames } = features.batch(chunk);
    const encoded = tf.tidy(() => model.encoder.apply(tf.tensor3d(data, [chunk.length, frames[0]!, features.dim]), false));
    try {
      const result = await model.decoder.decode(encoded, { beam: options.beam, maxLength: options.maxLength });
      if (result.kind !== 'caption') throw new Error('the decoder does not produce captions');
      chunk.forEach((id, i) => {
        out.set(id, vocabulary.decode(result.sequences[i]!));
      });
    } finally {
      encoded.dispose();
    }
    options.onBatch?.(chunk.length);
  }
  return out;
}
