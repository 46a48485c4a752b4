import * as tf from '@tensorflow/tfjs-core';
import type { Encoder } from '../../../core/contracts/encoder.js';
import type { FeatureStore } from '../features/read-features.js';

export interface Encodings {
  /** v̄ per video, row-major `[N, D]`, in `ids` order. */
  mean: Float32Array;
  numNeurons: number;
  /** Per-frame v_i `[frames, D]` of the videos asked for in `keepFrames`. */
  frames: Map<string, Float32Array>;
}

/** Encode `ids` in batches: the mean encoding v̄ of each, and per-frame encodings of a few. */
export function encodeVideos(
  encoder: Encoder,
  features: FeatureStore,
  ids: readonly string[],
  keepFrames: ReadonlySet<string>,
  batchSize = 64,
): Encodings {
  const d = encoder.outputDim;
  const mean = new Float32Array(ids.length * d);
  const frames = new Map<string, Float32Array>();
  for (let start = 0; start < ids.length; start += batchSize) {
    const chunk = ids.slice(start, start + batchSize);
    const { data, frames: counts } = features.batch(chunk);
    const n = counts[0]!;
    const [v, vbar] = tf.tidy(() => {
      const encoded = encoder.apply(tf.tensor3d(data, [chunk.length, n, features.dim]), false);
      return [encoded, encoded.mean(1)] as const;
    });
    mean.set(vbar.dataSync() as Float32Array, start * d);
    if (chunk.some((id) => keepFrames.has(id))) {
      const all = v.dataSync() as Float32Array;
      chunk.forEach((id, b) => {
        if (keepFrames.has(id)) frames.set(id, all.slice(b * n * d, (b + 1) * n * d));
      });
    }
    tf.dispose([v, vbar]);
  }
  return { mean, numNeurons: d, frames };
}
