import type { Split, VideoRecord } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';
import { carryWordsOf } from '../../../core/text/carry-words.js';
import type { Vocabulary } from '../../../core/text/vocabulary.js';
import { readFeatures, type FeatureStore } from '../features/read-features.js';
import { readTopics, type TopicsReading } from '../topics/read-topics.js';
import type { CaptionData } from '../../training/types.js';
import type { StageContext } from '../../../core/plugin/manifest.js';
import { TOKENS } from '../../../core/contracts/tokens.js';

/** What the model stages read from the run: features, topics and the data set's captions. */
export interface RunInputs {
  features: FeatureStore;
  topics?: TopicsReading;
  videos: Map<string, VideoRecord>;
  /** Frames per video (every video must have the same count). */
  numFrames: number;
}

export async function readRunInputs(ctx: StageContext, options: { needTopics: boolean }): Promise<RunInputs> {
  const features = await readFeatures(ctx.stageDir('features'));
  const topics = options.needTopics ? await readTopics(ctx.stageDir('topics')) : undefined;
  const { videos } = await ctx.resolve(TOKENS.dataset).load();
  const byId = new Map(videos.map((v) => [v.id, v]));
  const frameCounts = new Set(features.ids.map((id) => features.framesOf(id)));
  if (frameCounts.size !== 1) {
    throw new TopiclensError(
      `The features stage holds videos with different frame counts (${[...frameCounts].sort((a, b) => a - b).join(', ')}); the captioning model needs one count. Set the feature extractor's "frames" option so every video is sampled alike.`,
    );
  }
  return { features, topics, videos: byId, numFrames: [...frameCounts][0]! };
}

/** Ids of a split that have features and captions, in feature-store order. */
export function captionedIds(inputs: RunInputs, split: Split): string[] {
  return inputs.features.ids.filter((id) => inputs.features.splitOf(id) === split && (inputs.videos.get(id)?.captions.length ?? 0) > 0);
}

/**
 * The trainer's view of a split: features, topic vectors, captions as token ids (no <bos>/<eos>)
 * and each topic's carry words as token ids (words outside the vocabulary cannot occur in a
 * caption and are left out).
 */
export function captionData(inputs: RunInputs, ids: readonly string[], vocabulary: Vocabulary): CaptionData {
  const numTopics = inputs.topics?.numTopics ?? 0;
  const topicWords = inputs.topics?.topics.map((t) =>
    carryWordsOf(t.words.map(([word, p]) => ({ word, p })))
      .filter((w) => vocabulary.has(w))
      .map((w) => vocabulary.id(w)),
  );
  return {
    ...(topicWords ? { topicWords } : {}),
    numFrames: inputs.numFrames,
    featureDim: inputs.features.dim,
    numTopics,
    vocabulary: { size: vocabulary.size, bosId: 1, eosId: 2, padId: 0 },
    videos: ids.map((id) => ({
      id,
      features: inputs.features.get(id),
      topics: inputs.topics?.has(id) ? Float32Array.from(inputs.topics.vectorOf(id)) : numTopics ? new Float32Array(numTopics) : undefined,
      captions: inputs.videos.get(id)!.captions.map((c) => vocabulary.encode(c).slice(1, -1)),
    })),
  };
}
