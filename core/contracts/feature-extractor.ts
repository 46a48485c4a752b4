import type { FeatureMatrix, VideoRecord } from './dataset.js';

/** Extension point `featureExtractor`: per-frame visual features of a video. */
export interface FeatureExtractor {
  /** Feature size per frame (e.g. 1024 for GoogLeNet pool5/7x7_s1). Known after `init`. */
  readonly dim: number;
  /** Load weights etc. Called once before the first `extract`. */
  init?(): Promise<void>;
  /**
   * Features of one video, `[frames, dim]`, as a plain typed array (no tensors escape; the
   * caller owns the result). Throws a TopiclensError naming the video on unreadable input.
   */
  extract(video: VideoRecord): Promise<FeatureMatrix>;
  /** Release native resources. */
  dispose?(): Promise<void> | void;
}
