import * as tf from '@tensorflow/tfjs-core';
import type { CaptionTargets } from '../../core/contracts/decoder.js';
import { TopiclensError } from '../../core/errors.js';
import type { Rng } from '../../core/tensor/rng.js';
import type { CaptionData } from './types.js';

/** A (video, caption) training pair. */
export interface Pair {
  video: number;
  caption: number;
}

/**
 * The epoch's pairs in a seeded random order: every caption of every video, or
 * `captionsPerVideo` captions drawn per video (without replacement).
 */
export function epochPairs(data: CaptionData, rng: Rng, captionsPerVideo: number): Pair[] {
  const pairs: Pair[] = [];
  data.videos.forEach((v, video) => {
    const idx = v.captions.map((_, i) => i);
    const chosen = captionsPerVideo > 0 && captionsPerVideo < idx.length ? rng.shuffle(idx).slice(0, captionsPerVideo) : idx;
    for (const caption of chosen) pairs.push({ video, caption });
  });
  return rng.shuffle(pairs);
}

export interface Batch {
  frames: tf.Tensor3D;
  targets: CaptionTargets;
  /** The videos' topic vectors s `[B, K]`. */
  topics: tf.Tensor2D;
  /** `[B, K]`: 1 where the pair's caption (as trained on, cut to maxTokens) carries topic k; with `data.topicWords`. */
  captionTopics?: tf.Tensor2D;
  size: number;
}

/**
 * Host arrays → one set of tensors: frames `[B, n, F]`, tokens/mask `[B, T]` (+<eos>, padded),
 * topics `[B, K]`, and the captions' topics `[B, K]` when the data names each topic's words.
 */
export function makeBatch(data: CaptionData, pairs: Pair[], maxTokens: number): Batch {
  const { numFrames: n, featureDim: F, numTopics: K } = data;
  const { eosId, padId } = data.vocabulary;
  const B = pairs.length;
  const frames = new Float32Array(B * n * F);
  const topics = new Float32Array(B * K);
  const wordTopics = K > 0 && data.topicWords ? topicsByWord(data.topicWords, K) : null;
  const captionTopics = wordTopics ? new Float32Array(B * K) : null;
  const seqs = pairs.map(({ video, caption }, b) => {
    const v = data.videos[video]!;
    if (v.features.length !== n * F)
      throw new TopiclensError(`video ${v.id}: ${v.features.length} feature values, expected ${n}×${F} = ${n * F}.`);
    frames.set(v.features, b * n * F);
    if (K > 0) {
      if (!v.topics || v.topics.length !== K)
        throw new TopiclensError(`video ${v.id}: topic vector of length ${v.topics?.length ?? 0}, expected ${K}. Re-run the topics stage.`);
      topics.set(v.topics, b * K);
    }
    const words = v.captions[caption]!.slice(0, Math.max(0, maxTokens - 1));
    if (wordTopics && captionTopics) for (const w of words) for (const k of wordTopics.get(w) ?? []) captionTopics[b * K + k] = 1;
    return [...words, eosId];
  });
  const T = Math.max(...seqs.map((s) => s.length));
  const tok = new Int32Array(B * T).fill(padId);
  const mask = new Float32Array(B * T);
  seqs.forEach((s, b) => {
    tok.set(s, b * T);
    mask.fill(1, b * T, b * T + s.length);
  });
  return {
    frames: tf.tensor3d(frames, [B, n, F]),
    targets: { kind: 'caption', tokens: tf.tensor2d(tok, [B, T], 'int32'), mask: tf.tensor2d(mask, [B, T]) },
    topics: tf.tensor2d(topics, [B, K]),
    ...(captionTopics ? { captionTopics: tf.tensor2d(captionTopics, [B, K]) } : {}),
    size: B,
  };
}

/** Token id → the topics it shows, made once per training data (every batch of a run reads the same words). */
const wordIndexes = new WeakMap<readonly number[][], Map<number, number[]>>();
function topicsByWord(topicWords: readonly number[][], K: number): Map<number, number[]> {
  if (topicWords.length !== K)
    throw new TopiclensError(`The training data names the words of ${topicWords.length} topics, expected ${K}. Re-run the topics stage.`);
  const known = wordIndexes.get(topicWords);
  if (known) return known;
  const out = new Map<number, number[]>();
  topicWords.forEach((ids, k) => {
    for (const id of new Set(ids)) out.set(id, [...(out.get(id) ?? []), k]);
  });
  wordIndexes.set(topicWords, out);
  return out;
}

export function disposeBatch(b: Batch): void {
  tf.dispose([b.frames, b.targets.tokens, b.targets.mask, b.topics, ...(b.captionTopics ? [b.captionTopics] : [])]);
}
