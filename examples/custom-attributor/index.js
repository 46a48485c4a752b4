// @ts-check
/**
 * topiclens-plugin-custom-attributor: a third-party attributor, written like the built-ins.
 *
 * Method — activation-weighted connection weights: Olden & Jackson's connection-weight
 * importance (Ecological Modelling 154, 2002) of input j for output i of a two-layer
 * perceptron is c_ji = Σ_h w1[j,h]·w2[h,i]; weighting it by the neuron's activation v̄_j gives
 * a per-video score v̄_j·c_ji. It needs no forward or backward pass (gradient-free), only
 * f's weights, so it is exact and cheap: one [D,H]×[H,K] product for the whole data set.
 *
 * Plain JavaScript (ESM), so the package runs as installed, with no build step. The manifest is a
 * plain object: no runtime import of topiclens is needed; the JSDoc types come from topiclens'
 * .d.ts (type-only imports), so `tsc` checks the manifest against PluginManifest.
 */

/** @typedef {import('topiclens').AttributionInput} AttributionInput */
/**
 * @typedef {object} ConnectionWeightOptions
 * @property {boolean} absolute Take |v̄_j·c_ji| instead of the signed score (rank neurons by influence either way).
 */

const NAME = 'connection-weight';

/**
 * `array[i]`, or an error naming the array: every index below is inside the shapes `check` and
 * `connectionWeights` validated, so an undefined element is a bug here, not data.
 * @param {ArrayLike<number>} array
 * @param {number} i
 * @param {string} what
 * @returns {number}
 */
function at(array, i, what) {
  const x = array[i];
  if (x === undefined) throw new Error(`attributor "${NAME}": index ${i} is outside ${what} (length ${array.length}).`);
  return x;
}

/**
 * c[j,i] = Σ_h w1[j,h] w2[h,i] for every neuron j and topic i.
 * @param {AttributionInput} input
 * @returns {Float64Array}
 */
function connectionWeights(input) {
  const { numNeurons: d, numTopics: k } = input;
  const mlp = input.readout?.mlp;
  if (!mlp) {
    throw new Error(
      `attributor "${NAME}": needs a two-layer topic predictor f (readout.mlp). The model has none; ` +
        `fit one with the "probe" option of a built-in attributor or topiclens' withProbe wrapper.`,
    );
  }
  const h = mlp.w1.shape[1];
  if (mlp.w1.shape[0] !== d || mlp.w2.shape[1] !== k) {
    throw new Error(`attributor "${NAME}": f maps ${mlp.w1.shape[0]}→${mlp.w2.shape[1]} but the input has ${d} neurons and ${k} topics.`);
  }
  const w1 = mlp.w1.dataSync();
  const w2 = mlp.w2.dataSync();
  const c = new Float64Array(d * k); // c[j,i] = Σ_h w1[j,h] w2[h,i]
  for (let j = 0; j < d; j++) {
    for (let hh = 0; hh < h; hh++) {
      const a = at(w1, j * h + hh, 'w1');
      if (a === 0) continue;
      for (let i = 0; i < k; i++) c[j * k + i] = at(c, j * k + i, 'c') + a * at(w2, hh * k + i, 'w2');
    }
  }
  return c;
}

/** @param {AttributionInput} input */
function check(input) {
  const { numVideos: n, numNeurons: d, numTopics: k } = input;
  if (input.features.length !== n * d)
    throw new Error(`attributor "${NAME}": features has ${input.features.length} values; expected ${n} × ${d}.`);
  if (input.topicVectors.length !== n * k)
    throw new Error(`attributor "${NAME}": topicVectors has ${input.topicVectors.length} values; expected ${n} × ${k}.`);
}

/** @type {(x: number, c: number, absolute: boolean) => number} */
const scoreOf = (x, c, absolute) => (absolute ? Math.abs(x * c) : x * c);

/** @type {import('topiclens').PluginManifest<'attributor', ConnectionWeightOptions>} */
export const connectionWeightAttributor = {
  kind: 'plugin',
  extensionPoint: 'attributor',
  name: NAME,
  version: '1.0.0',
  description:
    'Activation-weighted connection weights (Olden & Jackson 2002): score of neuron j for topic i = v̄_j · Σ_h w1[j,h]·w2[h,i]. Gradient-free.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { absolute: { type: 'boolean', description: 'Rank by |score| instead of the signed score.' } },
    required: ['absolute'],
  },
  defaults: { absolute: false },
  create(options) {
    return {
      async attribute(input) {
        check(input);
        const { numVideos: n, numNeurons: d, numTopics: k } = input;
        const c = connectionWeights(input);
        const chosen = new Int32Array(n * k).fill(-1);
        for (let v = 0; v < n; v++) {
          for (let i = 0; i < k; i++) {
            if (!input.topicVectors[v * k + i]) continue;
            let best = 0;
            let bestScore = -Infinity;
            for (let j = 0; j < d; j++) {
              const s = Math.fround(scoreOf(at(input.features, v * d + j, 'features'), at(c, j * k + i, 'c'), options.absolute)); // same float32 value scores() returns
              if (s > bestScore) {
                best = j;
                bestScore = s;
              } // ties: lowest neuron index
            }
            chosen[v * k + i] = best;
          }
        }
        return {
          method: NAME,
          chosen,
          notes: [
            `${NAME}${options.absolute ? ' (absolute)' : ''}: score = v̄_j · Σ_h w1[j,h]·w2[h,i] (Olden & Jackson 2002, weighted by activation); ties: lowest neuron index`,
          ],
        };
      },
      async scores(input, video) {
        check(input);
        const { numNeurons: d, numTopics: k } = input;
        if (!Number.isInteger(video) || video < 0 || video >= input.numVideos)
          throw new Error(`attributor "${NAME}": video index ${video} is outside 0..${input.numVideos - 1}.`);
        const c = connectionWeights(input);
        const out = new Float32Array(d * k);
        for (let j = 0; j < d; j++)
          for (let i = 0; i < k; i++)
            out[j * k + i] = scoreOf(at(input.features, video * d + j, 'features'), at(c, j * k + i, 'c'), options.absolute);
        return out;
      },
    };
  },
};

export default [connectionWeightAttributor];
