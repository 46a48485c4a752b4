import * as tf from '@tensorflow/tfjs';
import type { Encoder } from '../../../core/contracts/encoder.js';
import type { Refiner, RefineReport, RefineRequest } from '../../../core/contracts/refiner.js';
import { TopiclensError } from '../../../core/errors.js';
import { enhancementDelta, validateFrames } from './enhance.js';
import { eq10Loss, parameterDrift, snapshot, targetDistance } from './objective.js';
import type { Eq10Options } from './schema.js';
import { makeStepper } from './stepper.js';

/**
 * The human-in-the-loop correction of Sec. 4 (Eq. 10).
 *
 * 1. Activation enhancement: v = encoder(frames) with the weights θ before refinement; v* = v + δ
 *    on every frame (δ from `enhancementDelta`: the topic's neurons raised by their mean
 *    activation over training videos that contain the topic).
 * 2. Correction propagation: `steps` optimizer steps on ‖v' − v*‖² + μ‖θ' − θ‖² over all the
 *    encoder's variables, v' = encoder_θ'(frames) (dropout off). v* and θ stay fixed.
 *
 * The encoder's variables are changed in place (contract); if the objective becomes non-finite,
 * θ is restored and a TopiclensError names the step. No tensor outlives the call.
 */
export class Eq10Refiner implements Refiner {
  constructor(readonly options: Eq10Options) {}

  async refine(encoder: Encoder, request: RefineRequest): Promise<RefineReport> {
    validateFrames(request);
    const { mu, steps, learningRate, optimizer, gain } = this.options;
    const variables = encoder.variables();
    const names = Object.keys(variables);
    if (names.length === 0) throw new TopiclensError('eq10 refiner: the encoder has no variables to fine-tune.');
    const delta = enhancementDelta(request, encoder.outputDim, gain ?? 1);
    const theta0 = snapshot(variables);
    const frames = tf.tensor3d(request.frames, [1, request.numFrames, request.frameDim], 'float32');
    const target = tf.tidy(() => tf.add(encoder.apply(frames, false), tf.tensor1d(delta)) as tf.Tensor3D);
    const stepper = makeStepper(optimizer, learningRate, variables);
    const varList = names.map((n) => variables[n]!);
    const restore = () => names.forEach((n) => variables[n]!.assign(theta0[n]!));
    try {
      const before = tf.tidy(() => targetDistance(encoder, frames, target).dataSync()[0]!);
      // Loss values stay on the device; one finiteness check per 10 steps keeps host reads rare.
      for (let s = 0; s < steps; s++) {
        const lossValue = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => eq10Loss(encoder, frames, target, theta0, mu), varList);
          const byName: Record<string, tf.Tensor> = {};
          names.forEach((n) => (byName[n] = grads[variables[n]!.name]!));
          stepper.step(byName);
          return (s % 10 === 9 || s === steps - 1) ? value.dataSync()[0]! : 0;
        });
        if (!Number.isFinite(lossValue)) {
          restore();
          throw new TopiclensError(`eq10 refiner: the objective became ${lossValue} at step ${s + 1} for video "${request.videoId}", topic "${request.topicName}"; the encoder was restored. Lower learningRate (now ${learningRate}).`);
        }
      }
      const after = tf.tidy(() => targetDistance(encoder, frames, target).dataSync()[0]!);
      const drift = tf.tidy(() => parameterDrift(variables, theta0).dataSync()[0]!);
      if (!Number.isFinite(after) || !Number.isFinite(drift)) {
        restore();
        throw new TopiclensError(`eq10 refiner: non-finite result (distance ${after}, drift ${drift}) for video "${request.videoId}"; the encoder was restored. Lower learningRate.`);
      }
      return { steps, targetDistanceBefore: before, targetDistanceAfter: after, parameterDrift: drift };
    } finally {
      stepper.dispose();
      frames.dispose();
      target.dispose();
      Object.values(theta0).forEach((t) => t.dispose());
    }
  }
}
