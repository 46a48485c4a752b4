import * as tf from '@tensorflow/tfjs-core';
import type { Encoder } from '../../../core/contracts/encoder.js';
import type { RunData } from './run-data.js';

/** The parts of a trained captioner the refine tools use: the encoder (refined) and a describer. */
export interface RunModel {
  encoder: Encoder;
  /** Captions (plain text) for encodings `[B, n, D]`; the caller owns and disposes `encoded`. */
  describe(encoded: tf.Tensor3D): Promise<string[]>;
  dispose?(): void;
}

export type RunModelLoader = (data: RunData) => Promise<RunModel>;

/** One clip: a video's frames `[from, to)` of its feature matrix. */
export interface Clip {
  id: string;
  from: number;
  to: number;
}

/** `[to − from, dim]` frames of a clip (a copy). */
export function clipFrames(data: RunData, clip: Clip): Float32Array {
  const dim = data.features.dim;
  return data.features.get(clip.id).slice(clip.from * dim, clip.to * dim);
}

/** The two halves of a video's frames: `[0, ⌊n/2⌋)` and `[⌊n/2⌋, n)`. */
export function halves(data: RunData, id: string): [Clip, Clip] {
  const n = data.features.framesOf(id);
  const mid = Math.floor(n / 2);
  return [
    { id, from: 0, to: mid },
    { id, from: mid, to: n },
  ];
}

/** Captions of clips, batched by clip length (`batch` clips per call), in input order. */
export async function captionClips(model: RunModel, data: RunData, clips: readonly Clip[], batch = 32): Promise<string[]> {
  const out = new Array<string>(clips.length);
  const byLength = new Map<number, number[]>();
  clips.forEach((c, i) => {
    byLength.set(c.to - c.from, [...(byLength.get(c.to - c.from) ?? []), i]);
  });
  const dim = data.features.dim;
  for (const [n, idx] of byLength) {
    for (let s = 0; s < idx.length; s += batch) {
      const part = idx.slice(s, s + batch);
      const buf = new Float32Array(part.length * n * dim);
      part.forEach((i, b) => {
        buf.set(clipFrames(data, clips[i]!), b * n * dim);
      });
      const encoded = tf.tidy(() => model.encoder.apply(tf.tensor3d(buf, [part.length, n, dim]), false));
      try {
        const texts = await model.describe(encoded);
        part.forEach((i, b) => {
          out[i] = texts[b]!;
        });
      } finally {
        encoded.dispose();
      }
    }
  }
  return out;
}

/** Per-frame encodings `[n, D]` of a clip, row-major. */
export function encodeClip(model: RunModel, data: RunData, clip: Clip): Float32Array {
  const n = clip.to - clip.from;
  return tf.tidy(
    () => model.encoder.apply(tf.tensor3d(clipFrames(data, clip), [1, n, data.features.dim]), false).dataSync() as Float32Array,
  );
}

/**
 * Mean v̄ of each topic over the training videos that contain it, `[K][D]` (null for a topic no
 * training video has): the "average activations in a subset of training videos containing
 * topic t" of Sec. 4. Batched by frame count.
 */
export function topicMeans(model: RunModel, data: RunData, batch = 32): (Float32Array | null)[] {
  const D = model.encoder.outputDim;
  const K = data.topics.numTopics;
  const sums = Array.from({ length: K }, () => new Float64Array(D));
  const counts = new Array<number>(K).fill(0);
  const ids = data.trainIds.filter((id) => data.topics.vectorOf(id).length > 0);
  const byLength = new Map<number, string[]>();
  for (const id of ids) byLength.set(data.features.framesOf(id), [...(byLength.get(data.features.framesOf(id)) ?? []), id]);
  for (const [, group] of byLength) {
    for (let s = 0; s < group.length; s += batch) {
      const part = group.slice(s, s + batch);
      const { data: buf, frames } = data.features.batch(part);
      const means = tf.tidy(() =>
        tf.mean(model.encoder.apply(tf.tensor3d(buf, [part.length, frames[0]!, data.features.dim]), false), 1).dataSync(),
      );
      part.forEach((id, b) => {
        for (const k of data.topics.vectorOf(id)) {
          counts[k]!++;
          for (let d = 0; d < D; d++) sums[k]![d]! += means[b * D + d]!;
        }
      });
    }
  }
  return sums.map((s, k) => (counts[k] ? Float32Array.from(s, (x) => x / counts[k]!) : null));
}
