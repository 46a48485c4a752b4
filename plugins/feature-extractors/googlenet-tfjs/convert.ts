import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TopiclensError } from '../../../core/errors.js';
import { prepareGooglenet, readOnnx } from '../googlenet/load-onnx.js';
import { writeFileAtomic } from '../../../core/runner/atomic.js';
import { bytesOf } from '../shared/bytes.js';
import type { OnnxAttr, OnnxModel, OnnxNode, OnnxTensor } from '../shared/onnx/model.js';
import { CONVERTED_FORMAT, MODEL_FILE, WEIGHTS_FILE, type ConvertedModel, type ConvertedOp, type Pads2d } from './format.js';

const SUPPORTED = ['Conv', 'Relu', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'LRN', 'Concat', 'Dropout', 'Identity'];

const ints = (a: OnnxAttr | undefined, fallback: number[]): number[] => (a?.type === 'ints' ? a.value : fallback);
const num = (a: OnnxAttr | undefined, fallback: number): number => (a && (a.type === 'int' || a.type === 'float') ? a.value : fallback);
const pair = (v: number[]): [number, number] => [v[0]!, v[1]!];

/** ONNX `pads` [top, left, bottom, right] → [[top, bottom], [left, right]]. */
const pads2d = (n: OnnxNode): Pads2d => {
  const autoPad = n.attrs.auto_pad?.type === 'string' ? n.attrs.auto_pad.value : 'NOTSET';
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') {
    throw new TopiclensError(`node "${n.name}" (${n.opType}) uses auto_pad=${autoPad}; only explicit pads are supported.`, 2);
  }
  const p = ints(n.attrs.pads, [0, 0, 0, 0]);
  return [
    [p[0]!, p[2]!],
    [p[1]!, p[3]!],
  ];
};

/** ONNX conv kernel [out, in, kh, kw] → tfjs HWIO [kh, kw, in, out]. */
function toHwio(t: OnnxTensor): { shape: number[]; data: Float32Array } {
  const [o, i, kh, kw] = t.dims as [number, number, number, number];
  const src = t.float!;
  const out = new Float32Array(src.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) out[((y * kw + x) * i + b) * o + a] = src[((a * i + b) * kh + y) * kw + x]!;
  return { shape: [kh, kw, i, o], data: out };
}

/** Turn a cut GoogLeNet ONNX model into the googlenet-tfjs format (see format.ts). */
export function convertModel(
  model: OnnxModel,
  source: string,
  io: { inputName: string; outputName: string; inputSize?: number },
): { json: ConvertedModel; weights: Float32Array } {
  const inits = new Map(model.graph.initializers.map((t) => [t.name, t]));
  const unsupported = [...new Set(model.graph.nodes.map((n) => n.opType).filter((op) => !SUPPORTED.includes(op)))];
  if (unsupported.length) {
    throw new TopiclensError(
      `${source}: operators ${unsupported.join(', ')} are not supported by googlenet-tfjs (it runs ${SUPPORTED.join(', ')}).`,
      2,
    );
  }
  const weights: { name: string; shape: number[]; data: Float32Array }[] = [];
  const ops: ConvertedOp[] = [];
  for (const n of model.graph.nodes) {
    const [x] = n.inputs as [string];
    const output = n.outputs[0]!;
    switch (n.opType) {
      case 'Conv': {
        const w = inits.get(n.inputs[1]!);
        if (!w?.float || w.dims.length !== 4)
          throw new TopiclensError(`${source}: Conv "${n.name}" has no float 4-D weight initializer.`, 2);
        if (num(n.attrs.group, 1) !== 1) throw new TopiclensError(`${source}: Conv "${n.name}" is grouped; not supported.`, 2);
        weights.push({ name: w.name, ...toHwio(w) });
        const b = n.inputs[2] ? inits.get(n.inputs[2]) : undefined;
        if (b?.float) weights.push({ name: b.name, shape: [b.float.length], data: b.float });
        ops.push({
          op: 'Conv',
          inputs: [x],
          output,
          weight: w.name,
          ...(b ? { bias: b.name } : {}),
          strides: pair(ints(n.attrs.strides, [1, 1])),
          pads: pads2d(n),
          dilations: pair(ints(n.attrs.dilations, [1, 1])),
        });
        break;
      }
      case 'Relu':
      case 'Dropout':
      case 'Identity':
        ops.push({ op: n.opType === 'Relu' ? 'Relu' : 'Identity', inputs: [x], output });
        break;
      case 'MaxPool':
      case 'AveragePool': {
        const common = {
          inputs: [x] as [string],
          output,
          kernel: pair(ints(n.attrs.kernel_shape, [])),
          strides: pair(ints(n.attrs.strides, [1, 1])),
          pads: pads2d(n),
          ceilMode: num(n.attrs.ceil_mode, 0) === 1,
        };
        ops.push(
          n.opType === 'MaxPool'
            ? { op: 'MaxPool', ...common }
            : { op: 'AveragePool', ...common, countIncludePad: num(n.attrs.count_include_pad, 0) === 1 },
        );
        break;
      }
      case 'GlobalAveragePool':
        ops.push({ op: 'GlobalAveragePool', inputs: [x], output });
        break;
      case 'LRN':
        ops.push({
          op: 'LRN',
          inputs: [x],
          output,
          size: num(n.attrs.size, 5),
          alpha: num(n.attrs.alpha, 1e-4),
          beta: num(n.attrs.beta, 0.75),
          bias: num(n.attrs.bias, 1),
        });
        break;
      case 'Concat':
        if (num(n.attrs.axis, 1) !== 1)
          throw new TopiclensError(
            `${source}: Concat "${n.name}" joins axis ${num(n.attrs.axis, 1)}; only the channel axis (1) is supported.`,
            2,
          );
        ops.push({ op: 'Concat', inputs: n.inputs, output });
        break;
    }
  }
  const total = weights.reduce((s, w) => s + w.data.length, 0);
  const all = new Float32Array(total);
  let offset = 0;
  const table = weights.map((w) => {
    all.set(w.data, offset);
    const entry = { name: w.name, shape: w.shape, offset };
    offset += w.data.length;
    return entry;
  });
  const json: ConvertedModel = {
    format: CONVERTED_FORMAT,
    version: 1,
    source,
    input: { name: io.inputName, ...(io.inputSize ? { size: io.inputSize } : {}) },
    output: io.outputName,
    ops,
    weights: table,
  };
  return { json, weights: all };
}

/** `topiclens convert`: read the ONNX file, cut at pool5, write model.json + weights.bin into `outDir`. */
export async function convertOnnxFile(
  onnxPath: string,
  outDir: string,
  opts: { outputName?: string; inputName?: string } = {},
): Promise<ConvertedModel> {
  const prepared = prepareGooglenet(await readOnnx(onnxPath), onnxPath, opts);
  const { json, weights } = convertModel(prepared.model, onnxPath, prepared);
  await mkdir(outDir, { recursive: true });
  writeFileAtomic(join(outDir, WEIGHTS_FILE), bytesOf(weights));
  writeFileAtomic(join(outDir, MODEL_FILE), `${JSON.stringify(json, null, 1)}\n`);
  return json;
}
