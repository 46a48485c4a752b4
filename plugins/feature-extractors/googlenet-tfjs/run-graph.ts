import type * as tfType from '@tensorflow/tfjs-core';
import type { ConvertedModel, ConvertedOp, Pads2d } from './format.js';

type TF = typeof tfType;
type T4 = tfType.Tensor4D;

/** Output size of a pooling window along one axis (ONNX rule, ceil mode included). */
export function pooledSize(input: number, kernel: number, stride: number, padBegin: number, padEnd: number, ceil: boolean): number {
  const span = input + padBegin + padEnd - kernel;
  let out = (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // ONNX Runtime / PyTorch: the last window must start inside the input or the begin padding.
  if (ceil && (out - 1) * stride >= input + padBegin) out--;
  return out;
}

/** Padding that makes a 'valid' pool produce the ONNX output size (ceil mode adds end padding). */
function poolPads(x: T4, op: { kernel: [number, number]; strides: [number, number]; pads: Pads2d; ceilMode: boolean }): Pads2d {
  const dims = [x.shape[1], x.shape[2]];
  return [0, 1].map((a) => {
    const [b, e] = op.pads[a]!;
    const out = pooledSize(dims[a]!, op.kernel[a]!, op.strides[a]!, b, e, op.ceilMode);
    const needed = (out - 1) * op.strides[a]! + op.kernel[a]! - dims[a]! - b;
    return [b, Math.max(needed, 0)];
  }) as Pads2d;
}

const padNhwc = (tf: TF, x: T4, p: Pads2d, value: number): T4 =>
  p[0][0] || p[0][1] || p[1][0] || p[1][1] ? tf.pad(x, [[0, 0], p[0], p[1], [0, 0]], value) : x;

/**
 * The googlenet-tfjs network: runs a converted graph (format.ts) with tfjs ops in NHWC.
 * Weights live as tensors until `dispose`.
 */
export class TfjsGraph {
  private readonly bands = new Map<string, tfType.Tensor2D>();

  constructor(
    private readonly tf: TF,
    readonly model: ConvertedModel,
    private readonly weights: Map<string, tfType.Tensor>,
  ) {}

  static fromArrays(tf: TF, model: ConvertedModel, data: Float32Array): TfjsGraph {
    const weights = new Map<string, tfType.Tensor>();
    for (const w of model.weights) {
      const size = w.shape.reduce((a, b) => a * b, 1);
      weights.set(w.name, tf.tensor(data.subarray(w.offset, w.offset + size), w.shape, 'float32'));
    }
    return new TfjsGraph(tf, model, weights);
  }

  /** ONNX LRN across channels as one matmul with a 0/1 band matrix (no LRN kernel on wasm). */
  private band(channels: number, size: number): tfType.Tensor2D {
    const key = `${channels}/${size}`;
    let b = this.bands.get(key);
    if (!b) {
      const lo = Math.floor((size - 1) / 2);
      const hi = Math.ceil((size - 1) / 2);
      const m = new Float32Array(channels * channels);
      for (let j = 0; j < channels; j++)
        for (let i = Math.max(0, j - lo); i <= Math.min(channels - 1, j + hi); i++) m[i * channels + j] = 1;
      b = this.tf.keep(this.tf.tensor2d(m, [channels, channels])); // cached across predict() tidies
      this.bands.set(key, b);
    }
    return b;
  }

  private step(op: ConvertedOp, get: (name: string) => T4): T4 {
    const tf = this.tf;
    const x = get(op.inputs[0]!);
    switch (op.op) {
      case 'Conv': {
        const w = this.weights.get(op.weight) as tfType.Tensor4D;
        const pad = [[0, 0], op.pads[0], op.pads[1], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]];
        const y = tf.conv2d(x, w, op.strides, pad, 'NHWC', op.dilations);
        return op.bias ? tf.add(y, this.weights.get(op.bias)!) : y;
      }
      case 'Relu':
        return tf.relu(x);
      case 'Identity':
        return x;
      case 'MaxPool':
        return tf.maxPool(padNhwc(tf, x, poolPads(x, op), -Infinity), op.kernel, op.strides, 'valid');
      case 'AveragePool': {
        const pads = poolPads(x, op);
        const sum = tf.avgPool(padNhwc(tf, x, pads, 0), op.kernel, op.strides, 'valid');
        const explicit = op.pads[0][0] || op.pads[0][1] || op.pads[1][0] || op.pads[1][1];
        const extra = pads[0][1] !== op.pads[0][1] || pads[1][1] !== op.pads[1][1];
        if (!explicit && !extra) return sum;
        // Average over the real (or, with count_include_pad, the explicitly padded) cells only.
        const ones = tf.ones([1, x.shape[1], x.shape[2], 1]) as T4;
        const counted = op.countIncludePad ? padNhwc(tf, ones, op.pads, 1) : ones;
        const rest: Pads2d = op.countIncludePad
          ? [
              [0, pads[0][1] - op.pads[0][1]],
              [0, pads[1][1] - op.pads[1][1]],
            ]
          : pads;
        const frac = tf.avgPool(padNhwc(tf, counted, rest, 0), op.kernel, op.strides, 'valid');
        return tf.div(sum, frac);
      }
      case 'GlobalAveragePool':
        return tf.mean(x, [1, 2], true);
      case 'LRN': {
        const c = x.shape[3];
        const sums = tf.matMul(tf.reshape(tf.square(x), [-1, c]), this.band(c, op.size));
        const scale = tf.pow(tf.add(tf.mul(tf.reshape(sums, x.shape), op.alpha / op.size), op.bias), op.beta);
        return tf.div(x, scale);
      }
      case 'Concat':
        return tf.concat(op.inputs.map(get), 3);
    }
  }

  /** Features of images `nchw` ([N, 3, H, W], preprocessed) → `[N, dim]` (NCHW flattening order, as ONNX). */
  predict(nchw: Float32Array, n: number, height: number, width: number): Float32Array {
    const tf = this.tf;
    const out = tf.tidy(() => {
      const values = new Map<string, T4>();
      values.set(this.model.input.name, tf.transpose(tf.tensor4d(nchw, [n, 3, height, width]), [0, 2, 3, 1]));
      const get = (name: string): T4 => {
        const v = values.get(name);
        if (!v) throw new Error(`googlenet-tfjs: tensor "${name}" is used before it is computed`);
        return v;
      };
      // Free each activation right after its last reader: peak memory is a few layers, not the
      // whole network (the wasm heap never shrinks once grown).
      const lastUse = new Map<string, number>([[this.model.output, Infinity]]);
      this.model.ops.forEach((op, i) => {
        for (const name of op.inputs) lastUse.set(name, Math.max(i, lastUse.get(name) ?? -1));
      });
      // An Identity's output is its input tensor: the input lives as long as the alias.
      for (const op of [...this.model.ops].reverse()) {
        if (op.op === 'Identity') lastUse.set(op.inputs[0], Math.max(lastUse.get(op.inputs[0]) ?? -1, lastUse.get(op.output) ?? -1));
      }
      this.model.ops.forEach((op, i) => {
        values.set(op.output, this.step(op, get));
        for (const name of new Set(op.inputs)) {
          const t = values.get(name);
          if (lastUse.get(name) === i && t && t !== values.get(op.output)) {
            values.delete(name);
            t.dispose();
          }
        }
      });
      const y = get(this.model.output);
      return tf.reshape(tf.transpose(y, [0, 3, 1, 2]), [n, -1]);
    });
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  }

  dispose(): void {
    for (const t of this.weights.values()) t.dispose();
    for (const t of this.bands.values()) t.dispose();
    this.weights.clear();
    this.bands.clear();
  }
}
