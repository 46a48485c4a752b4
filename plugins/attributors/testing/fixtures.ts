import * as tf from '@tensorflow/tfjs-core';
import type { AttributionInput } from '../../../core/contracts/attributor.js';
import type { Readout } from '../../../core/contracts/interpretive-loss.js';
import { consoleLogger } from '../../../core/logger.js';
import type { PluginContext } from '../../../core/plugin/manifest.js';
import { mlpReadout } from '../shared/fit-probe.js';
import { mulberry32 } from '../../../core/tensor/rng.js';
import type { Mlp } from '../shared/types.js';

export { tf };

/** A PluginContext good enough for attributor factories in tests. */
export function testContext(seed = 1): PluginContext {
  return {
    container: undefined as never,
    resolve: () => {
      throw new Error('no container in attributor tests');
    },
    tf,
    logger: consoleLogger(true),
    seed,
    configDir: process.cwd(),
  };
}

export interface HostMlp {
  d: number;
  h: number;
  k: number;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
  activation: Mlp['activation'];
  output: Mlp['output'];
}

export function randomHostMlp(
  seed: number,
  d: number,
  h: number,
  k: number,
  activation: Mlp['activation'] = 'relu',
  output: Mlp['output'] = 'sigmoid',
): HostMlp {
  const r = mulberry32(seed);
  const g = (len: number, scale: number): Float32Array => Float32Array.from({ length: len }, () => (r() * 2 - 1) * scale);
  return { d, h, k, w1: g(d * h, 1 / Math.sqrt(d)), b1: g(h, 0.1), w2: g(h * k, 1 / Math.sqrt(h)), b2: g(k, 0.1), activation, output };
}

/** A Readout over tensors made from `m` (call `dispose` when done). `withMlp: false` hides the closed form. */
export function readoutOf(m: HostMlp, withMlp = true): Readout & { dispose(): void } {
  const mlp: Mlp = {
    w1: tf.tensor2d(m.w1, [m.d, m.h]),
    b1: tf.tensor1d(m.b1),
    w2: tf.tensor2d(m.w2, [m.h, m.k]),
    b2: tf.tensor1d(m.b2),
    activation: m.activation,
    output: m.output,
  };
  const r = mlpReadout(tf, mlp);
  const dispose = (): void => tf.dispose([mlp.w1, mlp.b1, mlp.w2, mlp.b2]);
  return withMlp ? { ...r, dispose } : { inputDim: r.inputDim, outputDim: r.outputDim, apply: r.apply, dispose };
}

/** f(x) in float64 on the host: the reference for hand checks. */
export function hostForward(m: HostMlp, x: ArrayLike<number>): number[] {
  const act = (z: number): number =>
    m.activation === 'relu' ? Math.max(0, z) : m.activation === 'tanh' ? Math.tanh(z) : 1 / (1 + Math.exp(-z));
  const a = Array.from({ length: m.h }, (_, hh) => {
    let z = m.b1[hh]!;
    for (let j = 0; j < m.d; j++) z += x[j]! * m.w1[j * m.h + hh]!;
    return act(z);
  });
  return Array.from({ length: m.k }, (_, i) => {
    let o = m.b2[i]!;
    for (let hh = 0; hh < m.h; hh++) o += a[hh]! * m.w2[hh * m.k + i]!;
    return m.output === 'sigmoid' ? 1 / (1 + Math.exp(-o)) : o;
  });
}

/** Random positive-ish features and topic vectors with ~`density` ones (every video has ≥ 1 topic). */
export function randomInput(seed: number, n: number, d: number, k: number, readout: Readout | null, density = 0.3): AttributionInput {
  const r = mulberry32(seed);
  const features = Float32Array.from({ length: n * d }, () => r() * 2 - 0.5);
  const topicVectors = Uint8Array.from({ length: n * k }, () => (r() < density ? 1 : 0));
  for (let v = 0; v < n; v++) topicVectors[v * k + (v % k)] = 1;
  return {
    features,
    numVideos: n,
    numNeurons: d,
    topicVectors,
    numTopics: k,
    topicNames: Array.from({ length: k }, (_, i) => `topic${i}`),
    videoIds: Array.from({ length: n }, (_, i) => `vid${i}`),
    readout,
  };
}
