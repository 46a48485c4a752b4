import { TopiclensError } from '../../../core/errors.js';
import type { RefineRequest } from '../../../core/contracts/refiner.js';

/**
 * Activation enhancement (Sec. 4): the vector δ ∈ R^D with δ_j = gain × mean activation of
 * neuron j over the training videos that contain the topic, for the neurons tied to the topic,
 * else 0 (gain 1 = the paper).
 * v* = v + δ is applied to every frame's encoding v_i (so v̄* = v̄ + δ as well, the vector the
 * neuron–topic map and f are defined on). A neuron listed twice counts once.
 */
export function enhancementDelta(request: RefineRequest, outputDim: number, gain = 1): Float32Array {
  const where = `refine request for video "${request.videoId}", topic "${request.topicName}"`;
  if (request.neurons.length === 0) {
    throw new TopiclensError(
      `${where}: no neurons are tied to the topic in the neuron–topic map, so there is nothing to enhance. Pick a topic the attribute stage mapped to neurons.`,
    );
  }
  if (request.meanActivation.length !== request.neurons.length) {
    throw new TopiclensError(
      `${where}: ${request.neurons.length} neurons but ${request.meanActivation.length} mean activations; give one mean per neuron.`,
    );
  }
  const delta = new Float32Array(outputDim);
  const seen = new Set<number>();
  request.neurons.forEach((j, k) => {
    if (!Number.isInteger(j) || j < 0 || j >= outputDim) {
      throw new TopiclensError(
        `${where}: neuron ${j} is outside 0..${outputDim - 1} (the encoder has ${outputDim} outputs). The neuron–topic map belongs to a different model.`,
      );
    }
    const m = request.meanActivation[k]!;
    if (!Number.isFinite(m)) throw new TopiclensError(`${where}: mean activation of neuron ${j} is ${m}; recompute the topic means.`);
    if (seen.has(j)) return;
    seen.add(j);
    delta[j] = gain * m;
  });
  return delta;
}

/** Checks the frame matrix of a request. */
export function validateFrames(request: RefineRequest): void {
  const { numFrames, frameDim, frames, videoId } = request;
  if (!Number.isInteger(numFrames) || numFrames < 1 || !Number.isInteger(frameDim) || frameDim < 1) {
    throw new TopiclensError(
      `refine request for video "${videoId}": numFrames ${numFrames} and frameDim ${frameDim} must be positive integers.`,
    );
  }
  if (frames.length !== numFrames * frameDim) {
    throw new TopiclensError(
      `refine request for video "${videoId}": frames has ${frames.length} values, expected numFrames × frameDim = ${numFrames} × ${frameDim}.`,
    );
  }
  for (let i = 0; i < frames.length; i++) {
    if (!Number.isFinite(frames[i]!))
      throw new TopiclensError(
        `refine request for video "${videoId}": frame feature ${Math.floor(i / frameDim)}, dim ${i % frameDim} is ${frames[i]}.`,
      );
  }
}
