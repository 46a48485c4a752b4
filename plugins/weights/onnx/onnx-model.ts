import { ProtoWriter } from '../../../core/encoding/protobuf.js';

/**
 * ONNX ModelProto pieces (field numbers of onnx/onnx.proto), enough for a graph of float32
 * tensors: nodes with int / float / string / ints attributes, float32 and int64 initializers
 * (raw_data, little-endian), and inputs / outputs with fixed or named dimensions.
 */

const FLOAT = 1;
const INT64 = 7;

export type Attribute = number | string | number[] | { float: number };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attributes?: Record<string, Attribute>;
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  /** float32 values, or int64 (as bigint-convertible numbers) when `int64` is set. */
  data: Float32Array | number[];
  int64?: boolean;
}

export interface OnnxValue {
  name: string;
  /** Numbers are fixed sizes, strings symbolic ones (e.g. "frames"). */
  dims: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  doc?: string;
}

function attribute(name: string, value: Attribute): ProtoWriter {
  const a = new ProtoWriter().string(1, name);
  if (typeof value === 'string') return a.bytes(4, Buffer.from(value, 'utf8')).int(20, 3);
  if (Array.isArray(value)) return a.packedInts(8, value).int(20, 7);
  if (typeof value === 'object') return a.float(2, value.float).int(20, 1);
  return a.int(3, value).int(20, 2);
}

function tensor(t: OnnxInitializer): ProtoWriter {
  const w = new ProtoWriter()
    .packedInts(1, t.dims)
    .int(2, t.int64 ? INT64 : FLOAT)
    .string(8, t.name);
  if (t.int64) {
    const raw = new Uint8Array(8 * t.data.length);
    const view = new DataView(raw.buffer);
    Array.from(t.data).forEach((v, i) => {
      view.setBigInt64(8 * i, BigInt(v), true);
    });
    return w.bytes(9, raw);
  }
  const f = Float32Array.from(t.data);
  const raw = new Uint8Array(f.byteLength);
  const view = new DataView(raw.buffer);
  f.forEach((v, i) => {
    view.setFloat32(4 * i, v, true);
  });
  return w.bytes(9, raw);
}

function valueInfo(v: OnnxValue): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().int(1, FLOAT).message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

function node(n: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.op);
  for (const [k, v] of Object.entries(n.attributes ?? {})) w.message(5, attribute(k, v));
  return w;
}

/** A serialised ModelProto (IR version 8, default-domain opset `opset`). */
export function encodeModel(graph: OnnxGraph, options: { opset: number; producer: string; producerVersion: string }): Uint8Array {
  const g = new ProtoWriter();
  for (const n of graph.nodes) g.message(1, node(n));
  g.string(2, graph.name);
  for (const t of graph.initializers) g.message(5, tensor(t));
  if (graph.doc) g.string(10, graph.doc);
  for (const v of graph.inputs) g.message(11, valueInfo(v));
  for (const v of graph.outputs) g.message(12, valueInfo(v));
  return new ProtoWriter()
    .int(1, 8)
    .string(2, options.producer)
    .string(3, options.producerVersion)
    .message(7, g)
    .message(8, new ProtoWriter().string(1, '').int(2, options.opset))
    .finish();
}
