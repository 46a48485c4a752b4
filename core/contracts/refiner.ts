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
}

export interface RefineReport {
  steps: number;
  /** ‖v' − v*‖² before and after correction propagation. */
  targetDistanceBefore: number;
  targetDistanceAfter: number;
  /** ‖θ' − θ‖² after. */
  parameterDrift: number;
}

/** Extension point `refiner`: corrects the encoder for a missing topic (Eq. 10). Mutates the encoder's variables in place. */
export interface Refiner {
  refine(encoder: Encoder, request: RefineRequest): Promise<RefineReport>;
}
