import * as tf from '@tensorflow/tfjs-core';
import type { Encoder } from '../../../core/contracts/encoder.js';
import type { AnchorRequest, Refiner, RefineReport, RefineRequest } from '../../../core/contracts/refiner.js';
import { TopiclensError } from '../../../core/errors.js';
import { namedVariableGrads } from '../../../core/tensor/grads.js';
import { enhancementDelta, validateFrames } from './enhance.js';
import { anchorDistance, anchorsForStep, eq10Loss, parameterDrift, snapshot, targetDistance, type AnchorTensors } from './objective.js';
import type { Eq10Options } from './schema.js';
import { makeStepper } from './stepper.js';
import { Rng, seedFor } from '../../../core/tensor/rng.js';

/**
 * The human-in-the-loop correction of Sec. 4 (Eq. 10).
 *
 * 1. Activation enhancement: v = encoder(frames) with the weights θ before refinement; v* = v + δ
 *    on every frame (δ from `enhancementDelta`: the topic's neurons raised by their mean
 *    activation over training videos that contain the topic).
 * 2. Correction propagation: `steps` optimizer steps on ‖v' − v*‖² + μ‖θ' − θ‖² over all the
 *    encoder's variables, v' = encoder_θ'(frames) (dropout off). v* and θ stay fixed.
 *    With `anchorVideos` > 0 the objective also holds the anchor videos' encodings at what θ gave
 *    them: + ν · mean_a ‖v'(a) − v(a)‖².
 *
 * The encoder's variables are changed in place (contract); if the objective becomes non-finite,
 * θ is restored and a TopiclensError names the step. No tensor outlives the call.
 */
export class Eq10Refiner implements Refiner {
  readonly anchorRequest?: AnchorRequest;

  constructor(readonly options: Eq10Options) {
    if (options.anchorVideos > 0)
      this.anchorRequest = {
        videos: options.anchorVideos,
        selection: options.anchorSelection,
        earlier: options.anchorEarlier,
        withTopic: options.anchorVideosWithTopic,
      };
  }

  async refine(encoder: Encoder, request: RefineRequest): Promise<RefineReport> {
    validateFrames(request);
    const { mu, steps, learningRate, optimizer, gain } = this.options;
    const variables = encoder.variables();
    const names = Object.keys(variables);
    if (names.length === 0) throw new TopiclensError('eq10 refiner: the encoder has no variables to fine-tune.');
    const delta = enhancementDelta(request, encoder.outputDim, gain ?? 1);
    this.checkAnchors(request);
    const masks = this.tunedMasks(encoder, request);
    const theta0 = snapshot(variables);
    const frames = tf.tensor3d(request.frames, [1, request.numFrames, request.frameDim], 'float32');
    const target = tf.tidy(() => tf.add(encoder.apply(frames, false), tf.tensor1d(delta)) as tf.Tensor3D);
    const anchors = this.anchorTensors(encoder, request);
    const stepper = makeStepper(optimizer, learningRate, variables);
    const restore = () => {
      for (const n of names) variables[n]!.assign(theta0[n]!);
    };
    const own = [...new Set(request.neurons)];
    const topicLevel = (): number => tf.tidy(() => tf.mean(tf.gather(encoder.apply(frames, false), own, 2)).dataSync()[0]!);
    try {
      const before = tf.tidy(() => targetDistance(encoder, frames, target).dataSync()[0]!);
      const levelBefore = topicLevel();
      const pick = anchorSampler(request, this.options.anchorBatch);
      // Loss values stay on the device; one finiteness check per 10 steps keeps host reads rare.
      for (let s = 0; s < steps; s++) {
        const lossValue = tf.tidy(() => {
          const stepAnchors = anchors && anchorsForStep(anchors, this.options.anchorBatch, pick);
          const { value, grads } = namedVariableGrads(() => eq10Loss(encoder, frames, target, theta0, mu, stepAnchors), variables);
          stepper.step(masks ? Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.mul(g, masks[n]!)])) : grads);
          return s % 10 === 9 || s === steps - 1 ? value.dataSync()[0]! : 0;
        });
        if (!Number.isFinite(lossValue)) {
          restore();
          throw new TopiclensError(
            `eq10 refiner: the objective became ${lossValue} at step ${s + 1} for video "${request.videoId}", topic "${request.topicName}"; the encoder was restored. Lower learningRate (now ${learningRate}).`,
          );
        }
      }
      const after = tf.tidy(() => targetDistance(encoder, frames, target).dataSync()[0]!);
      const drift = tf.tidy(() => parameterDrift(variables, theta0).dataSync()[0]!);
      if (!Number.isFinite(after) || !Number.isFinite(drift)) {
        restore();
        throw new TopiclensError(
          `eq10 refiner: non-finite result (distance ${after}, drift ${drift}) for video "${request.videoId}"; the encoder was restored. Lower learningRate.`,
        );
      }
      const firstIndex = own.map((j) => request.neurons.indexOf(j));
      const topicMean = firstIndex.reduce((a, k) => a + request.meanActivation[k]!, 0) / own.length;
      const report: RefineReport = {
        steps,
        targetDistanceBefore: before,
        targetDistanceAfter: after,
        parameterDrift: drift,
        topicNeurons: { before: levelBefore, after: topicLevel(), topicMean },
      };
      if (anchors) {
        report.anchors = anchors.groups.reduce((n, g) => n + g.frames.shape[0], 0);
        report.anchorDrift = tf.tidy(() => anchorDistance(encoder, anchors).dataSync()[0]!);
      }
      return report;
    } finally {
      stepper.dispose();
      frames.dispose();
      target.dispose();
      if (anchors) tf.dispose(anchors.groups.flatMap((g) => [g.frames, g.target]));
      if (masks) tf.dispose(Object.values(masks));
      for (const t of Object.values(theta0)) t.dispose();
    }
  }

  /** With `tune: 'topic-units'`: a 0/1 mask per encoder variable of what may change. */
  private tunedMasks(encoder: Encoder, request: RefineRequest): Record<string, tf.Tensor> | undefined {
    if (this.options.tune !== 'topic-units') return undefined;
    if (!encoder.parametersOf) {
      throw new TopiclensError(
        'eq10 refiner: tune "topic-units" needs an encoder that names the parameters of its neurons (parametersOf); this encoder does not. Set the refiner\'s tune to "encoder".',
        2,
      );
    }
    const masks = encoder.parametersOf(request.neurons);
    const variables = encoder.variables();
    for (const [n, v] of Object.entries(variables)) {
      const m = masks[n];
      if (m && m.length !== v.size)
        throw new TopiclensError(`eq10 refiner: the encoder's mask for "${n}" has ${m.length} entries, the variable ${v.size}.`);
    }
    return Object.fromEntries(Object.entries(variables).map(([n, v]) => [n, tf.tensor(masks[n] ?? new Float32Array(v.size), v.shape)]));
  }

  private checkAnchors(request: RefineRequest): void {
    for (const a of request.anchors ?? []) {
      if (a.frames.length !== a.numVideos * a.numFrames * request.frameDim) {
        throw new TopiclensError(
          `refine request for video "${request.videoId}": an anchor group holds ${a.frames.length} values, expected ${a.numVideos} clips × ${a.numFrames} frames × ${request.frameDim}.`,
        );
      }
    }
  }

  /** The anchor clips' frames and their encodings under θ (the targets of the anchor term). */
  private anchorTensors(encoder: Encoder, request: RefineRequest): AnchorTensors | undefined {
    const groups = (request.anchors ?? []).filter((a) => a.numVideos > 0);
    if (!this.anchorRequest || groups.length === 0) return undefined;
    return {
      groups: groups.map((a) => {
        const frames = tf.tensor3d(a.frames, [a.numVideos, a.numFrames, request.frameDim], 'float32');
        return { frames, target: encodeInChunks(encoder, frames), kind: a.kind };
      }),
      weight: this.options.anchorWeight,
    };
  }
}

/** The encoder's output for many clips, 256 at a time (a large anchor set in one batch would hold every gate's activations at once). */
export function encodeInChunks(encoder: Encoder, frames: tf.Tensor3D, chunk = 256): tf.Tensor3D {
  const n = frames.shape[0];
  if (n <= chunk) return tf.tidy(() => encoder.apply(frames, false));
  const parts: tf.Tensor3D[] = [];
  for (let i = 0; i < n; i += chunk)
    parts.push(tf.tidy(() => encoder.apply(tf.slice(frames, [i, 0, 0], [Math.min(chunk, n - i), -1, -1]), false)));
  const out = tf.concat(parts, 0);
  tf.dispose(parts);
  return out;
}

/** Rows of a training-anchor group for each step: `batch` distinct ones, a stream seeded by the video and topic (reproducible). */
function anchorSampler(request: RefineRequest, batch: number): (n: number) => number[] {
  const rng = new Rng(seedFor(0, `anchor-batches/${request.videoId}/${request.topic}`));
  return (n) => rng.sampleIndices(n, batch);
}
