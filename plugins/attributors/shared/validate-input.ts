import type { AttributionInput } from '../../../core/contracts/attributor.js';
import type { Readout } from '../../../core/contracts/interpretive-loss.js';
import { TopiclensError } from '../../../core/errors.js';

/** Throws a TopiclensError naming the first inconsistency of `input` (sizes, NaN, bad s). */
export function validateInput(input: AttributionInput, method: string): void {
  const { numVideos: n, numNeurons: d, numTopics: k } = input;
  const fail = (what: string): never => {
    throw new TopiclensError(`attributor "${method}": ${what}`);
  };
  for (const [name, v] of [
    ['numVideos', n],
    ['numNeurons', d],
    ['numTopics', k],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0) fail(`${name} must be a positive integer, found ${v}.`);
  }
  if (input.features.length !== n * d)
    fail(`features has ${input.features.length} values; expected numVideos × numNeurons = ${n} × ${d} = ${n * d}.`);
  if (input.topicVectors.length !== n * k)
    fail(`topicVectors has ${input.topicVectors.length} values; expected numVideos × numTopics = ${n} × ${k} = ${n * k}.`);
  if (input.videoIds.length !== n) fail(`videoIds has ${input.videoIds.length} entries; expected ${n}.`);
  if (input.topicNames.length !== k) fail(`topicNames has ${input.topicNames.length} entries; expected ${k}.`);
  for (let i = 0; i < input.features.length; i++) {
    if (!Number.isFinite(input.features[i]!)) {
      fail(`features of video "${input.videoIds[Math.floor(i / d)]}" neuron ${i % d} is ${input.features[i]}; features must be finite.`);
    }
  }
  for (let i = 0; i < input.topicVectors.length; i++) {
    const s = input.topicVectors[i]!;
    if (s !== 0 && s !== 1) fail(`topicVectors of video "${input.videoIds[Math.floor(i / k)]}" topic ${i % k} is ${s}; must be 0 or 1.`);
  }
  if (input.trainingMean && input.trainingMean.length !== d)
    fail(`trainingMean has ${input.trainingMean.length} values; expected numNeurons = ${d}.`);
  if (input.trainMask && input.trainMask.length !== n) fail(`trainMask has ${input.trainMask.length} values; expected numVideos = ${n}.`);
  if (input.readout) validateReadout(input.readout, d, k, method);
}

export function validateReadout(r: Readout, d: number, k: number, method: string): void {
  const fail = (what: string): never => {
    throw new TopiclensError(`attributor "${method}": the readout f ${what}`);
  };
  if (r.inputDim !== d) fail(`takes ${r.inputDim} inputs but the features have ${d} neurons.`);
  if (r.outputDim !== k) fail(`predicts ${r.outputDim} topics but the topic vectors have ${k}.`);
  if (!r.mlp) return;
  const { w1, b1, w2, b2 } = r.mlp;
  const h = w1.shape[1];
  const ok = w1.shape[0] === d && b1.shape[0] === h && w2.shape[0] === h && w2.shape[1] === k && b2.shape[0] === k;
  if (!ok) {
    fail(
      `has inconsistent mlp shapes: w1 [${w1.shape}], b1 [${b1.shape}], w2 [${w2.shape}], b2 [${b2.shape}]; expected [${d},H], [H], [H,${k}], [${k}].`,
    );
  }
}

/** Mean of the training rows (trainMask, default all) of `[N, D]` features. */
export function trainingMeanOf(input: AttributionInput): Float32Array {
  if (input.trainingMean) return input.trainingMean;
  const { numVideos: n, numNeurons: d } = input;
  const sum = new Float64Array(d);
  let count = 0;
  for (let r = 0; r < n; r++) {
    if (input.trainMask && !input.trainMask[r]) continue;
    count++;
    for (let j = 0; j < d; j++) sum[j]! += input.features[r * d + j]!;
  }
  if (count === 0) throw new TopiclensError('trainMask marks no video as training; the training mean (and a probe f) need at least one.');
  return Float32Array.from(sum, (v) => v / count);
}
