import type { Readout } from './interpretive-loss.js';

export interface AttributionInput {
  /** Mean encodings v̄, row-major `[N, D]`. */
  features: Float32Array;
  numVideos: number;
  numNeurons: number;
  /** Binary topic vectors, row-major `[N, K]`. */
  topicVectors: Uint8Array;
  numTopics: number;
  topicNames: string[];
  videoIds: string[];
  /**
   * The topic predictor f to attribute through; null (or absent) when the model has none
   * (LSTM-B with the `none` loss). Attributors then fit a probe f on `features` (option `probe`)
   * or throw a TopiclensError saying so.
   */
  readout?: Readout | null;
  /** Mean of `features` over the training videos (`[D]`), for baselines that need it. */
  trainingMean?: Float32Array;
  /**
   * `[N]`, 1 for the videos of the training split. A probe f is fitted on these only, and
   * `trainingMean` is computed from them when absent. Default: every video counts as training.
   */
  trainMask?: Uint8Array;
}

export interface AttributionResult {
  /** Method name as registered, plus anything that qualifies it (e.g. `probe`). */
  method: string;
  /**
   * `[N, K]` row-major: the neuron j*_i chosen for video n and topic i (Eq. 9 for `pdm`), or -1
   * where the video does not have topic i.
   */
  chosen: Int32Array;
  /** Human-readable remarks to carry into outputs. */
  notes: string[];
}

/** Extension point `attributor`: ties neurons of v̄ to topics. */
export interface Attributor {
  attribute(input: AttributionInput): Promise<AttributionResult>;
  /** Relevance of every neuron to every topic for one video, `[D, K]` row-major. */
  scores(input: AttributionInput, video: number): Promise<Float32Array>;
}
