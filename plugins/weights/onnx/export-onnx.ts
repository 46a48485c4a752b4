import * as tf from '@tensorflow/tfjs-core';
import type { Readout } from '../../../core/contracts/interpretive-loss.js';
import { TopiclensError } from '../../../core/errors.js';
import type { CaptionModel } from '../../training/types.js';
import { encodeModel, type OnnxGraph, type OnnxInitializer, type OnnxNode } from './onnx-model.js';

export const ONNX_OPSET = 17;

/**
 * ONNX orders an LSTM's gate blocks i, o, f, c; topiclens (and PyTorch) i, f, g, o. Block k of
 * ONNX's W / R / B is block GATE_FROM_TOPICLENS[k] of topiclens' kernels (c is the candidate g).
 */
export const GATE_FROM_TOPICLENS = [0, 3, 1, 2] as const;

/**
 * ONNX W [4H, F] (or R [4H, H]) of one direction from a topiclens kernel `[rows, width]`
 * whose columns `offset .. offset + 4H` are that direction's gates: gates permuted, transposed.
 */
function onnxGates(kernel: Float32Array, rows: number, width: number, offset: number, H: number): Float32Array {
  const out = new Float32Array(4 * H * rows);
  for (let k = 0; k < 4; k++) {
    const from = offset + GATE_FROM_TOPICLENS[k]! * H;
    for (let u = 0; u < H; u++) for (let r = 0; r < rows; r++) out[(k * H + u) * rows + r] = kernel[r * width + from + u]!;
  }
  return out;
}

const onnxBias = (bias: Float32Array, offset: number, H: number): Float32Array => {
  const out = new Float32Array(8 * H); // Wb (permuted), then Rb = 0
  for (let k = 0; k < 4; k++)
    out.set(bias.subarray(offset + GATE_FROM_TOPICLENS[k]! * H, offset + (GATE_FROM_TOPICLENS[k]! + 1) * H), k * H);
  return out;
};

const hostOf = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync());

/**
 * An affine readout's matrix and offset, f(x) = x·M + c, read off f at 0 and at the unit vectors,
 * and checked at random points (so a non-affine f is refused, not exported wrong).
 */
function affineReadout(readout: Readout): { M: Float32Array; c: Float32Array } {
  const D = readout.inputDim;
  const made = tf.tidy(() => {
    const atZero = readout.apply(tf.zeros([1, D]));
    const m = tf.sub(readout.apply(tf.eye(D) as tf.Tensor2D), atZero);
    const x = tf.randomNormal([4, D], 0, 1, 'float32', 7) as tf.Tensor2D;
    const diff = tf.max(tf.abs(tf.sub(readout.apply(x), tf.add(tf.matMul(x, m), atZero))));
    const scale = tf.max(tf.abs(readout.apply(x)));
    return [m, atZero, diff, scale];
  });
  const [M, c] = [hostOf(made[0]!), hostOf(made[1]!)];
  const worst = made[2]!.dataSync()[0]! / Math.max(1, made[3]!.dataSync()[0]!);
  tf.dispose(made);
  if (!(worst < 1e-5)) {
    throw new TopiclensError(
      `ONNX export: the interpretive loss' readout f is neither a two-layer perceptron nor affine (error ${worst.toExponential(2)}), so it cannot be written as ONNX nodes; export the encoder with an l2 or aligned loss.`,
      2,
    );
  }
  return { M, c };
}

/**
 * The attribute stage's workload as an ONNX graph for one video: features [frames, F] →
 * `encodings` [frames, D] (the bidirectional LSTM, one ONNX LSTM node, fed [x_i, x_i − x_{i−lag}] with
 * frameDifferences, lag = its frameDifferenceLag; raw features appended with concatInput) → `mean_encoding` [1, D] → `topics` [1, K] = f(v̄) when the loss has a readout.
 * The encoder must be the bilstm's variables (inputKernel, bias, fwd/bwd recurrentKernel).
 */
export function exportOnnx(model: CaptionModel, options: { featureDim: number; name?: string }): Uint8Array {
  const v = model.encoder.variables();
  for (const k of ['inputKernel', 'bias', 'fwd/recurrentKernel', 'bwd/recurrentKernel']) {
    if (!v[k])
      throw new TopiclensError(
        `ONNX export covers the bilstm encoder; this encoder has no "${k}" (it has ${Object.keys(v).join(', ') || 'no variables'}).`,
        2,
      );
  }
  const F = options.featureDim;
  const H = v['fwd/recurrentKernel']!.shape[0]!;
  const D = model.encoder.outputDim;
  const concat = D === 2 * H + F;
  if (!concat && D !== 2 * H)
    throw new TopiclensError(`ONNX export: the encoder gives ${D}-d encodings, neither 2·${H} nor 2·${H} + ${F}.`, 2);
  const rows = v.inputKernel!.shape[0]!;
  const differences = rows === 2 * F;
  if (!differences && rows !== F)
    throw new TopiclensError(
      `ONNX export: the encoder's input kernel has ${rows} rows, neither the feature size ${F} nor twice it (frameDifferences).`,
      2,
    );
  const kernel = hostOf(v.inputKernel!);
  const bias = hostOf(v.bias!);
  const W = new Float32Array(2 * 4 * H * rows);
  W.set(onnxGates(kernel, rows, 8 * H, 0, H), 0);
  W.set(onnxGates(kernel, rows, 8 * H, 4 * H, H), 4 * H * rows);
  const R = new Float32Array(2 * 4 * H * H);
  R.set(onnxGates(hostOf(v['fwd/recurrentKernel']!), H, 4 * H, 0, H), 0);
  R.set(onnxGates(hostOf(v['bwd/recurrentKernel']!), H, 4 * H, 0, H), 4 * H * H);
  const B = new Float32Array(2 * 8 * H);
  B.set(onnxBias(bias, 0, H), 0);
  B.set(onnxBias(bias, 4 * H, H), 8 * H);

  const inits: OnnxInitializer[] = [
    { name: 'lstm_W', dims: [2, 4 * H, rows], data: W },
    { name: 'lstm_R', dims: [2, 4 * H, H], data: R },
    { name: 'lstm_B', dims: [2, 8 * H], data: B },
    { name: 'shape_frames_1_F', dims: [3], data: [-1, 1, rows], int64: true },
    { name: 'shape_frames_2H', dims: [2], data: [-1, 2 * H], int64: true },
  ];
  const nodes: OnnxNode[] = [];
  if (differences) {
    // previous = the first n rows of [x_0 × lag, x_0, x_1, …]: x_{i−lag}, or x_0 for the first lag
    // frames; the LSTM reads [x_i, x_i − previous_i].
    const lag = (model.encoder as { options?: { frameDifferenceLag?: number } }).options?.frameDifferenceLag ?? 1;
    inits.push(
      { name: 'slice_0', dims: [1], data: [0], int64: true },
      { name: 'slice_1', dims: [1], data: [1], int64: true },
      { name: 'lag_repeats', dims: [2], data: [lag, 1], int64: true },
    );
    nodes.push(
      { op: 'Slice', inputs: ['features', 'slice_0', 'slice_1', 'slice_0'], outputs: ['first_frame'], name: 'first_frame' },
      { op: 'Tile', inputs: ['first_frame', 'lag_repeats'], outputs: ['first_frame_lag'], name: 'first_frame_lag' },
      { op: 'Concat', inputs: ['first_frame_lag', 'features'], outputs: ['padded_frames'], name: 'padded_frames', attributes: { axis: 0 } },
      { op: 'Shape', inputs: ['features'], outputs: ['features_shape'], name: 'features_shape' },
      { op: 'Slice', inputs: ['features_shape', 'slice_0', 'slice_1', 'slice_0'], outputs: ['frame_count'], name: 'frame_count' },
      {
        op: 'Slice',
        inputs: ['padded_frames', 'slice_0', 'frame_count', 'slice_0'],
        outputs: ['previous_frames'],
        name: 'previous_frames',
      },
      { op: 'Sub', inputs: ['features', 'previous_frames'], outputs: ['frame_differences'], name: 'frame_differences' },
      {
        op: 'Concat',
        inputs: ['features', 'frame_differences'],
        outputs: ['lstm_input'],
        name: 'with_differences',
        attributes: { axis: 1 },
      },
    );
  }
  nodes.push(
    { op: 'Reshape', inputs: [differences ? 'lstm_input' : 'features', 'shape_frames_1_F'], outputs: ['lstm_X'], name: 'to_time_major' },
    // Y: [frames, 2 (forward, backward), 1, H]; the reverse direction's outputs sit at their own frames.
    {
      op: 'LSTM',
      inputs: ['lstm_X', 'lstm_W', 'lstm_R', 'lstm_B'],
      outputs: ['lstm_Y'],
      name: 'bilstm',
      attributes: { hidden_size: H, direction: 'bidirectional' },
    },
    { op: 'Reshape', inputs: ['lstm_Y', 'shape_frames_2H'], outputs: [concat ? 'lstm_out' : 'encodings'], name: 'h_forward_backward' },
  );
  if (concat)
    nodes.push({ op: 'Concat', inputs: ['lstm_out', 'features'], outputs: ['encodings'], name: 'concat_input', attributes: { axis: 1 } });
  nodes.push({
    op: 'ReduceMean',
    inputs: ['encodings'],
    outputs: ['mean_encoding'],
    name: 'mean_over_frames',
    attributes: { axes: [0], keepdims: 1 },
  });

  const outputs: OnnxGraph['outputs'] = [
    { name: 'encodings', dims: ['frames', D] },
    { name: 'mean_encoding', dims: [1, D] },
  ];
  const readout = model.interpretiveLoss.readout();
  if (readout) {
    const K = readout.outputDim;
    if (readout.mlp) {
      const m = readout.mlp;
      const hidden = m.w1.shape[1];
      inits.push(
        { name: 'f_w1', dims: [D, hidden], data: hostOf(m.w1) },
        { name: 'f_b1', dims: [hidden], data: hostOf(m.b1) },
        { name: 'f_w2', dims: [hidden, K], data: hostOf(m.w2) },
        { name: 'f_b2', dims: [K], data: hostOf(m.b2) },
      );
      const act = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid' }[m.activation];
      nodes.push(
        { op: 'MatMul', inputs: ['mean_encoding', 'f_w1'], outputs: ['f_z1'], name: 'f_layer1' },
        { op: 'Add', inputs: ['f_z1', 'f_b1'], outputs: ['f_a1'], name: 'f_bias1' },
        { op: act, inputs: ['f_a1'], outputs: ['f_h'], name: 'f_activation' },
        { op: 'MatMul', inputs: ['f_h', 'f_w2'], outputs: ['f_z2'], name: 'f_layer2' },
        { op: 'Add', inputs: ['f_z2', 'f_b2'], outputs: [m.output === 'sigmoid' ? 'f_y' : 'topics'], name: 'f_bias2' },
      );
      if (m.output === 'sigmoid') nodes.push({ op: 'Sigmoid', inputs: ['f_y'], outputs: ['topics'], name: 'f_output' });
    } else {
      const { M, c } = affineReadout(readout);
      inits.push({ name: 'f_M', dims: [D, K], data: M }, { name: 'f_c', dims: [1, K], data: c });
      nodes.push(
        { op: 'MatMul', inputs: ['mean_encoding', 'f_M'], outputs: ['f_z'], name: 'f_affine' },
        { op: 'Add', inputs: ['f_z', 'f_c'], outputs: ['topics'], name: 'f_offset' },
      );
    }
    outputs.push({ name: 'topics', dims: [1, K] });
  }
  const graph: OnnxGraph = {
    name: options.name ?? 'topiclens',
    doc: 'topiclens encoder + interpretive readout f (plugins/weights/README.md): features [frames, F] → encodings [frames, D], mean_encoding [1, D], topics [1, K]',
    nodes,
    initializers: inits,
    inputs: [{ name: 'features', dims: ['frames', F] }],
    outputs,
  };
  return encodeModel(graph, { opset: ONNX_OPSET, producer: 'topiclens', producerVersion: '0.1.0' });
}
