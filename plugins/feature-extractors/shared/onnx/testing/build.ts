import { DTYPE, type OnnxAttr, type OnnxModel, type OnnxNode, type OnnxTensor } from '../model.js';

/**
 * Builders of ONNX graphs for tests and benchmarks: a GoogLeNet-interface toy model and a
 * seeded random-weight Inception v1 (BVLC GoogLeNet topology up to pool5/7x7_s1). No downloads.
 */

/** mulberry32: a tiny seeded PRNG; `normal` by Box–Muller. */
export function seededRandom(seed: number) {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

export const f32 = (name: string, dims: number[], data: ArrayLike<number>): OnnxTensor => ({
  name,
  dims,
  dataType: DTYPE.float,
  float: Float32Array.from(data),
});
export const i64 = (name: string, dims: number[], data: number[]): OnnxTensor => ({ name, dims, dataType: DTYPE.int64, int64: data });

type AttrInit = number | number[] | string | { float: number } | { floats: number[] };
export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, AttrInit> = {},
  name = outputs[0]!,
): OnnxNode {
  const conv = (v: AttrInit): OnnxAttr =>
    typeof v === 'number'
      ? { type: 'int', value: v }
      : typeof v === 'string'
        ? { type: 'string', value: v }
        : Array.isArray(v)
          ? { type: 'ints', value: v }
          : 'float' in v
            ? { type: 'float', value: v.float }
            : { type: 'floats', value: v.floats };
  return { name, opType, inputs, outputs, attrs: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, conv(v)])) };
}

export const model = (nodes: OnnxNode[], initializers: OnnxTensor[], input: string, output: string, opset = 11): OnnxModel => ({
  irVersion: 6,
  producer: 'topiclens-test',
  opsets: [{ domain: '', version: opset }],
  graph: {
    name: 'g',
    nodes,
    initializers,
    inputs: [{ name: input, elemType: 1, shape: [1, 3, 224, 224] }],
    outputs: [{ name: output, elemType: 1 }],
  },
});

/**
 * A toy with BVLC GoogLeNet's interface (ONNX zoo names): input `data_0` [1,3,224,224] →
 * AveragePool 32×32/32 → 1×1 Conv to `channels` + ReLU → AveragePool 7×7 = `pool5/7x7_s1_1`
 * [1,C,1,1] → Dropout → Reshape to [1,C] (fixed batch 1, like the zoo file) → Gemm → Softmax `prob_1`.
 * pool5 of an image x (NCHW, preprocessed) is relu(W · blockmean(x) + b) averaged over the 7×7 blocks.
 */
export function toyGooglenet(seed: number, channels = 1024) {
  const rnd = seededRandom(seed);
  const w = Float32Array.from({ length: channels * 3 }, () => rnd.normal() * 0.05);
  const b = Float32Array.from({ length: channels }, () => rnd.normal() * 0.5);
  const fc = Float32Array.from({ length: 10 * channels }, () => rnd.normal() * 0.01);
  const nodes = [
    node('AveragePool', ['data_0'], ['pool_a'], { kernel_shape: [32, 32], strides: [32, 32] }),
    node('Conv', ['pool_a', 'conv_w', 'conv_b'], ['conv_1'], { kernel_shape: [1, 1] }),
    node('Relu', ['conv_1'], ['relu_1']),
    node('AveragePool', ['relu_1'], ['pool5/7x7_s1_1'], { kernel_shape: [7, 7], strides: [1, 1] }),
    node('Dropout', ['pool5/7x7_s1_1'], ['pool5/drop_7x7_s1_1']),
    node('Reshape', ['pool5/drop_7x7_s1_1', 'shape'], ['flat']),
    node('Gemm', ['flat', 'fc_w'], ['fc'], { transB: 1 }),
    node('Softmax', ['fc'], ['prob_1']),
  ];
  const inits = [
    f32('conv_w', [channels, 3, 1, 1], w),
    f32('conv_b', [channels], b),
    i64('shape', [2], [1, channels]),
    f32('fc_w', [10, channels], fc),
  ];
  /** pool5 of one preprocessed image `x` [3,224,224] (reference implementation). */
  const reference = (x: Float32Array): Float32Array => {
    const blocks = new Float32Array(3 * 49);
    for (let c = 0; c < 3; c++)
      for (let by = 0; by < 7; by++)
        for (let bx = 0; bx < 7; bx++) {
          let s = 0;
          for (let y = 0; y < 32; y++) for (let x2 = 0; x2 < 32; x2++) s += x[c * 224 * 224 + (by * 32 + y) * 224 + bx * 32 + x2]!;
          blocks[c * 49 + by * 7 + bx] = s / 1024;
        }
    const out = new Float32Array(channels);
    for (let o = 0; o < channels; o++) {
      let acc = 0;
      for (let p = 0; p < 49; p++)
        acc += Math.max(0, b[o]! + w[o * 3]! * blocks[p]! + w[o * 3 + 1]! * blocks[49 + p]! + w[o * 3 + 2]! * blocks[98 + p]!);
      out[o] = acc / 49;
    }
    return out;
  };
  return { model: model(nodes, inits, 'data_0', 'prob_1'), reference };
}

/** Inception v1 (BVLC GoogLeNet) module widths: [1×1, 3×3 reduce, 3×3, 5×5 reduce, 5×5, pool proj]. */
const INCEPTION: [string, number[]][] = [
  ['3a', [64, 96, 128, 16, 32, 32]],
  ['3b', [128, 128, 192, 32, 96, 64]],
  ['4a', [192, 96, 208, 16, 48, 64]],
  ['4b', [160, 112, 224, 24, 64, 64]],
  ['4c', [128, 128, 256, 24, 64, 64]],
  ['4d', [112, 144, 288, 32, 64, 64]],
  ['4e', [256, 160, 320, 32, 128, 128]],
  ['5a', [256, 160, 320, 32, 128, 128]],
  ['5b', [384, 192, 384, 48, 128, 128]],
];

/**
 * A seeded random-weight Inception v1 with BVLC GoogLeNet's topology and names (`conv1/7x7_s2`
 * … `inception_5b/output`, `pool5/7x7_s1`, then dropout, a fixed-batch Reshape, `loss3/classifier`
 * and `prob`). `width` scales every channel count (1 = the real network: 1024-d pool5, ~6.8 M
 * weights); weights are He-normal so activations stay O(1). Max pools use ceil mode as in Caffe.
 * `spatial` is the input size (224 for the real network; smaller sizes keep tests fast, the
 * final average pool adapts to the 7×7 → `spatial/32` map).
 */
export function inceptionV1(seed: number, opts: { width?: number; spatial?: number; classes?: number } = {}) {
  const width = opts.width ?? 1;
  const spatial = opts.spatial ?? 224;
  const classes = opts.classes ?? 1000;
  const rnd = seededRandom(seed);
  const nodes: OnnxNode[] = [];
  const inits: OnnxTensor[] = [];
  const ch = (c: number) => Math.max(1, Math.round(c * width));
  const conv = (name: string, input: string, cin: number, cout: number, k: number, stride = 1, pad = (k - 1) / 2): string => {
    const std = Math.sqrt(2 / (cin * k * k));
    inits.push(
      f32(
        `${name}_w`,
        [cout, cin, k, k],
        Array.from({ length: cout * cin * k * k }, () => rnd.normal() * std),
      ),
    );
    inits.push(
      f32(
        `${name}_b`,
        [cout],
        Array.from({ length: cout }, () => rnd.normal() * 0.05),
      ),
    );
    nodes.push(
      node('Conv', [input, `${name}_w`, `${name}_b`], [name], {
        kernel_shape: [k, k],
        strides: [stride, stride],
        pads: [pad, pad, pad, pad],
      }),
    );
    nodes.push(node('Relu', [name], [`${name}_relu`]));
    return `${name}_relu`;
  };
  const maxPool = (name: string, input: string, k: number, s: number, pad = 0): string => {
    nodes.push(node('MaxPool', [input], [name], { kernel_shape: [k, k], strides: [s, s], pads: [pad, pad, pad, pad], ceil_mode: 1 }));
    return name;
  };
  const lrn = (name: string, input: string): string => {
    nodes.push(node('LRN', [input], [name], { size: 5, alpha: { float: 1e-4 }, beta: { float: 0.75 }, bias: { float: 1 } }));
    return name;
  };
  let x = conv('conv1/7x7_s2', 'data_0', 3, ch(64), 7, 2, 3);
  x = lrn('pool1/norm1', maxPool('pool1/3x3_s2', x, 3, 2));
  x = conv('conv2/3x3_reduce', x, ch(64), ch(64), 1);
  x = conv('conv2/3x3', x, ch(64), ch(192), 3);
  x = maxPool('pool2/3x3_s2', lrn('conv2/norm2', x), 3, 2);
  let cin = ch(192);
  for (const [id, [c1, r3, c3, r5, c5, pp]] of INCEPTION) {
    if (id === '4a' || id === '5a') x = maxPool(`pool${id[0] === '4' ? 3 : 4}/3x3_s2`, x, 3, 2);
    const p = `inception_${id}`;
    const b1 = conv(`${p}/1x1`, x, cin, ch(c1!), 1);
    const b3 = conv(`${p}/3x3`, conv(`${p}/3x3_reduce`, x, cin, ch(r3!), 1), ch(r3!), ch(c3!), 3);
    const b5 = conv(`${p}/5x5`, conv(`${p}/5x5_reduce`, x, cin, ch(r5!), 1), ch(r5!), ch(c5!), 5);
    const bp = conv(`${p}/pool_proj`, maxPool(`${p}/pool`, x, 3, 1, 1), cin, ch(pp!), 1);
    nodes.push(node('Concat', [b1, b3, b5, bp], [`${p}/output`], { axis: 1 }));
    x = `${p}/output`;
    cin = ch(c1!) + ch(c3!) + ch(c5!) + ch(pp!);
  }
  const k = Math.ceil(spatial / 32);
  nodes.push(node('AveragePool', [x], ['pool5/7x7_s1'], { kernel_shape: [k, k], strides: [1, 1] }));
  nodes.push(node('Dropout', ['pool5/7x7_s1'], ['pool5/drop_7x7_s1']));
  inits.push(i64('flat_shape', [2], [1, cin]));
  nodes.push(node('Reshape', ['pool5/drop_7x7_s1', 'flat_shape'], ['flat']));
  inits.push(
    f32(
      'loss3/classifier_w',
      [classes, cin],
      Array.from({ length: classes * cin }, () => rnd.normal() * 0.01),
    ),
  );
  nodes.push(node('Gemm', ['flat', 'loss3/classifier_w'], ['loss3/classifier'], { transB: 1 }));
  nodes.push(node('Softmax', ['loss3/classifier'], ['prob']));
  const m = model(nodes, inits, 'data_0', 'prob');
  m.graph.inputs[0]!.shape = [1, 3, spatial, spatial];
  return { model: m, dim: cin };
}
