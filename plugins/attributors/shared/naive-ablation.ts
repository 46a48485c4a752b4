import type * as tfjs from '@tensorflow/tfjs-core';
import type { AttributionInput } from '../../../core/contracts/attributor.js';
import type { Readout } from '../../../core/contracts/interpretive-loss.js';
import type { TF } from './types.js';

/**
 * The reference: Eq. 9 as written, one forward pass of f per (video, neuron). Returns the
 * differences `[N, D, K]` and the chosen neurons (same tie rule: lowest index among exact maxima).
 * Slow by design; for tests and the benchmark's baseline.
 */
export function naiveAblation(
  tf: TF,
  input: AttributionInput,
  readout: Readout,
  baseline: Float32Array | null = null,
  videos?: number[],
): { diffs: Float32Array; chosen: Int32Array } {
  const { numVideos: n, numNeurons: d, numTopics: k } = input;
  const list = videos ?? Array.from({ length: n }, (_, i) => i);
  const diffs = new Float32Array(list.length * d * k);
  const chosen = new Int32Array(n * k).fill(-1);
  list.forEach((row, li) => {
    const x = input.features.slice(row * d, (row + 1) * d);
    const forward = (v: Float32Array): Float32Array => {
      const t = tf.tidy(() => readout.apply(tf.tensor2d(v, [1, d]) as tfjs.Tensor2D));
      const out = t.dataSync() as Float32Array;
      t.dispose();
      return out;
    };
    const f0 = forward(x);
    for (let j = 0; j < d; j++) {
      const xj = x.slice();
      xj[j] = baseline ? baseline[j]! : 0;
      const fj = forward(xj);
      for (let i = 0; i < k; i++) diffs[(li * d + j) * k + i] = f0[i]! - fj[i]!;
    }
    for (let i = 0; i < k; i++) {
      if (!input.topicVectors[row * k + i]) continue;
      let best = 0;
      for (let j = 1; j < d; j++) if (diffs[(li * d + j) * k + i]! > diffs[(li * d + best) * k + i]!) best = j;
      chosen[row * k + i] = best;
    }
  });
  return { diffs, chosen };
}
