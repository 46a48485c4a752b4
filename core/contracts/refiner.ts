import type { Encoder } from './encoder.js';

export interface RefineRequest {
  /** Frame features of the video being corrected, row-major `[frames, dim]`. */
  frames: Float32Array;
  numFrames: number;
  frameDim: number;
  videoId: string;
  topic: number;
  topicName: string;
  /** Neurons of v̄ tied to the topic (from the neuron–topic map). */
  neurons: number[];
  /** Mean activation of each of those neurons over training videos that contain the topic. */
  meanActivation: Float32Array;
  /**
   * Other clips whose encodings the correction should leave as they are (given when the refiner
   * asks for them through `anchorRequest`), in groups of equal length: frames row-major
   * `[numVideos, numFrames, frameDim]` per group.
   */
  anchors?: AnchorGroup[];
}

export interface AnchorGroup {
  frames: Float32Array;
  numVideos: number;
  numFrames: number;
  videoIds: string[];
  /** `training`: videos of the training split; `earlier`: clips refined earlier in the chain, whose corrections are kept. */
  kind: 'training' | 'earlier';
}

/** Which anchor videos a refiner wants with each request (the caller chooses them from the training split). */
export interface AnchorRequest {
  videos: number;
  /** `nearest`: the training videos without the topic whose mean frame features are closest to the clip's; `random`: a seeded sample. */
  selection: 'nearest' | 'random';
  /** Also the clips refined earlier in the model's chain, so that a later correction does not undo them. */
  earlier: boolean;
  /** Also this many training videos that have the topic (same selection), so the correction does not push the topic further where it is already read. Default 0. */
  withTopic?: number;
}

export interface RefineReport {
  steps: number;
  /** ‖v' − v*‖² before and after correction propagation. */
  targetDistanceBefore: number;
  targetDistanceAfter: number;
  /** ‖θ' − θ‖² after. */
  parameterDrift: number;
  /** Mean over the anchor clips of ‖v'(a) − v(a)‖² after (absent without anchors). */
  anchorDrift?: number;
  anchors?: number;
  /**
   * The topic's neurons on this clip: their mean activation over frames before and after the
   * correction, and their mean over the training videos with the topic (the request's
   * meanActivation). `before` near `topicMean` means the encoder already read the topic here.
   */
  topicNeurons?: { before: number; after: number; topicMean: number };
}

/** Extension point `refiner`: corrects the encoder for a missing topic (Eq. 10). Mutates the encoder's variables in place. */
export interface Refiner {
  /** Anchor videos to pass in each request's `anchors`; absent: none. */
  readonly anchorRequest?: AnchorRequest;
  refine(encoder: Encoder, request: RefineRequest): Promise<RefineReport>;
}
