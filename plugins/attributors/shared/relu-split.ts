import type * as tfjs from '@tensorflow/tfjs-core';
import type { Mlp, ScoreFn } from './types.js';

/**
 * Exact ablation differences for a two-layer f with a RELU hidden layer, without any [D, H]
 * tensor. Replacing x_j by b_j moves the pre-activation to z0 − δ_j·w1[j,:] (δ_j = x_j − b_j), and
 *
 *   relu(z0_h − δ) = relu(z0_h) − m_h·δ + c_h(δ),   m_h = [z0_h > 0],
 *   c_h(δ) = max(0, ±(z0_h − δ))  (− when m_h = 1, + when m_h = 0)
 *
 * where c_h ≠ 0 only when the ablation flips the unit's sign, which needs |δ·w1[j,h]| > |z0_h|.
 * So o_i(j) = o0_i − δ_j·P[j,i] + C[j,i] with P = W1·diag(m)·W2 — ONE non-transposed
 * [D, H] × [H, pairs] product per chunk, a column per needed (video, topic) pair — and C a
 * sparse correction found by scanning, per unit h, the neurons in order of |w1[j,h]| until
 * max_j|δ_j|·|w1[j,h]| ≤ |z0_h| (no later neuron can flip h). The output activation and the
 * difference are then taken in float64.
 */
interface HostWeights {
  d: number;
  h: number;
  k: number;
  w1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
  /** Per unit h, neurons sorted by |w1[j,h]| descending: `order[h*d + r]`, `absSorted[h*d + r]`, `valSorted[h*d + r]` (signed). */
  order: Int32Array;
  absSorted: Float32Array;
  valSorted: Float32Array;
}

/** Copy a tensor to the host and free it. (Never return a big typed array from tf.tidy: tidy walks it element by element.) */
function readAndDispose(t: tfjs.Tensor): Float32Array {
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return data;
}

const cache = new WeakMap<object, HostWeights>();

function hostWeights(mlp: Mlp): HostWeights {
  // Keyed on the tensors' data ids: Variable.assign gives a weight a new data id, so an f
  // updated in place (training, refinement) is never served stale sorted weights.
  const hit = cache.get(mlp.w1.dataId);
  if (hit && hit === cache.get(mlp.w2.dataId)) return hit;
  const [d, h] = mlp.w1.shape;
  const k = mlp.w2.shape[1];
  const w1 = mlp.w1.dataSync() as Float32Array;
  const order = new Int32Array(h * d);
  const absSorted = new Float32Array(h * d);
  const valSorted = new Float32Array(h * d);
  // Sort each column by |w1| with a native numeric sort of packed keys: the float32 bits of
  // |w1[j,h]| (monotone for non-negative floats) times 2^21 plus j — exact in a float64 for
  // D < 2^21. Descending = iterate the ascending keys backwards.
  if (d >= 2 ** 21) throw new RangeError(`relu-split supports up to 2^21 neurons, got ${d}`);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  const keys = new Float64Array(d);
  for (let hh = 0; hh < h; hh++) {
    for (let j = 0; j < d; j++) {
      f32[0] = Math.abs(w1[j * h + hh]!);
      keys[j] = u32[0]! * 2097152 + (d - 1 - j); // (d-1-j): equal |w| → lower j first after reversal
    }
    keys.sort();
    for (let r = 0; r < d; r++) {
      const j = d - 1 - (keys[d - 1 - r]! % 2097152);
      order[hh * d + r] = j;
      valSorted[hh * d + r] = w1[j * h + hh]!;
      absSorted[hh * d + r] = Math.abs(w1[j * h + hh]!);
    }
  }
  const hw: HostWeights = {
    d,
    h,
    k,
    w1,
    w2: mlp.w2.dataSync() as Float32Array,
    b2: mlp.b2.dataSync() as Float32Array,
    order,
    absSorted,
    valSorted,
  };
  cache.set(mlp.w1.dataId, hw);
  cache.set(mlp.w2.dataId, hw);
  return hw;
}

export function reluSplitScores(baseline: Float32Array | null): ScoreFn {
  return ({ tf, readout, x, rows: b, numNeurons: d, topics, needed }) => {
    const mlp = readout.mlp!;
    const W = hostWeights(mlp);
    const { h, k } = W;
    const u = topics.length;
    const out = new Float32Array(b * d * u);
    // z0 for the chunk (float32 matmul, like the model's own forward pass).
    const z0 = readAndDispose(tf.tidy(() => tf.add(tf.matMul(tf.tensor2d(x, [b, d]), mlp.w1), mlp.b1)));
    // Columns: one per needed (row, topic).
    const cols: { row: number; ui: number; topic: number }[] = [];
    for (let r = 0; r < b; r++)
      for (let ui = 0; ui < u; ui++) if (!needed || needed[r * u + ui]) cols.push({ row: r, ui, topic: topics[ui]! });
    if (cols.length === 0) return out;
    const m = new Float32Array(h * cols.length);
    cols.forEach((c, ci) => {
      for (let hh = 0; hh < h; hh++) if (z0[c.row * h + hh]! > 0) m[hh * cols.length + ci] = W.w2[hh * k + c.topic]!;
    });
    // Pᵀ `[cols, D]`: transposed on the device so each column is read contiguously below.
    const p = readAndDispose(tf.tidy(() => tf.transpose(tf.matMul(mlp.w1, tf.tensor2d(m, [h, cols.length]) as tfjs.Tensor2D))));
    const sigmoid = mlp.output === 'sigmoid';
    const outAct = (o: number): number => (sigmoid ? 1 / (1 + Math.exp(-o)) : o);
    const delta = new Float64Array(d);
    // Columns of each row, in order (cols were built row by row).
    let ci0 = 0;
    for (let r = 0; r < b; r++) {
      let ci1 = ci0;
      while (ci1 < cols.length && cols[ci1]!.row === r) ci1++;
      const nt = ci1 - ci0;
      if (nt === 0) continue;
      const rowTopics = new Int32Array(nt);
      for (let t = 0; t < nt; t++) rowTopics[t] = cols[ci0 + t]!.topic;
      let maxDelta = 0;
      for (let j = 0; j < d; j++) {
        const dj = x[r * d + j]! - (baseline ? baseline[j]! : 0);
        delta[j] = dj;
        if (Math.abs(dj) > maxDelta) maxDelta = Math.abs(dj);
      }
      // Sparse corrections C[j, t] from sign flips.
      const corr = new Float64Array(d * nt);
      const { absSorted, order, valSorted, w2 } = W;
      for (let hh = 0; hh < h; hh++) {
        const z = z0[r * h + hh]!;
        const on = z > 0;
        const limit = Math.abs(z);
        const base = hh * d;
        for (let q = 0; q < d; q++) {
          if (absSorted[base + q]! * maxDelta <= limit) break;
          const j = order[base + q]!;
          const zj = z - delta[j]! * valSorted[base + q]!;
          const c = on ? -zj : zj;
          if (c <= 0) continue;
          for (let t = 0; t < nt; t++) corr[j * nt + t]! += c * w2[hh * k + rowTopics[t]!]!;
        }
      }
      for (let t = 0; t < nt; t++) {
        const { ui, topic } = cols[ci0 + t]!;
        const ci = ci0 + t;
        let o0 = W.b2[topic]!;
        for (let hh = 0; hh < h; hh++) {
          const z = z0[r * h + hh]!;
          if (z > 0) o0 += z * w2[hh * k + topic]!;
        }
        const f0 = outAct(o0);
        const pBase = ci * d;
        const rowBase = r * d * u + ui;
        for (let j = 0; j < d; j++) {
          const dj = delta[j]!;
          if (dj === 0) continue; // out is already 0: nothing changes
          const oj = o0 - dj * p[pBase + j]! + corr[j * nt + t]!;
          out[rowBase + j * u] = f0 - outAct(oj);
        }
      }
      ci0 = ci1;
    }
    return out;
  };
}
