/** One sampled frame tensor of a video: `data` holds `frames × height × width × 3` RGB bytes. */
export interface FrameStack {
  frames: number;
  height: number;
  width: number;
  /** Row-major `[frames, height, width, 3]`, values 0..255. */
  data: Uint8Array;
}

/** A per-frame feature matrix: `data` is row-major `[frames, dim]`. */
export interface FeatureMatrix {
  frames: number;
  dim: number;
  data: Float32Array;
}

export type Split = 'train' | 'val' | 'test';

/** Where a video's visual content comes from. Loaders are lazy: nothing is read until called. */
export type VideoSource =
  | { kind: 'file'; path: string }
  | { kind: 'frames'; load(): Promise<FrameStack> }
  | { kind: 'features'; load(): Promise<FeatureMatrix> /** The file the features come from, for messages. */; path?: string };

export interface VideoRecord {
  /** Stable id, e.g. MSVD `vid12` or `-4wsuPCjDBc_5_15`; used in every error and output. */
  id: string;
  split: Split;
  /** Raw caption sentences as annotators wrote them (not tokenized). May be empty for classification-only sets. */
  captions: string[];
  /** Class label for action recognition, when the data set has one. */
  label?: string;
  source: VideoSource;
  /** Ground-truth attributes (synthetic data only): free-form, JSON-serialisable. */
  groundTruth?: Record<string, unknown>;
}

export interface DatasetInfo {
  name: string;
  /** Class names in label-index order, for classification data sets. */
  labels?: string[];
  /** Loader warnings: skipped rows, missing files ... (each names file and line/id). */
  skipped: SkippedItems[];
  /**
   * How many lost items the config accepts (a data set's `allowMissing` option): videos (missing
   * or unreadable files, videos without captions, odd feature sizes) and caption rows (empty,
   * malformed, invalid UTF-8). Absent: none. The features stage fails a run that loses more.
   */
  allowMissing?: { videos: number; captions: number };
}

/** Items a loader left out for one reason. */
export interface SkippedItems {
  reason: string;
  count: number;
  examples: string[];
  /**
   * What was lost when the items are a data problem (a file that should be there and is not, a
   * malformed row); absent when they are left out by design (another language, beyond the split
   * sizes, annotation files).
   */
  problem?: 'video' | 'caption';
}

/** Extension point `dataset`: videos with their captions, labels and splits. */
export interface Dataset {
  /** Load the index of videos. Must throw a TopiclensError (naming file and line/id) on bad input; never return an empty set silently. */
  load(): Promise<{ videos: VideoRecord[]; info: DatasetInfo }>;
}
