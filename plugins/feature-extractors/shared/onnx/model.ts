import { concatBytes, decodeString, int64, ProtoWriter, readFields, repeatedFloats, repeatedInts, type ProtoField } from './proto.js';

/** ONNX TensorProto.DataType values used here. */
export const DTYPE = { float: 1, int64: 7 } as const;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** FLOAT data (from raw_data or float_data). */
  float?: Float32Array;
  /** INT64 data (from raw_data or int64_data). */
  int64?: number[];
  /** The encoded TensorProto as read, re-emitted unchanged. */
  raw?: Uint8Array;
}

export type OnnxAttr =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: OnnxTensor }
  | { type: 'floats'; value: number[] }
  | { type: 'ints'; value: number[] }
  | { type: 'other' };

export interface OnnxNode {
  name: string;
  opType: string;
  domain?: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, OnnxAttr>;
  /** The encoded NodeProto as read, re-emitted unchanged. */
  raw?: Uint8Array;
}

export interface OnnxValueInfo {
  name: string;
  /** TensorProto.DataType of the elements (1 = float). */
  elemType: number;
  /** Each dim a size, a symbolic name, or undefined when unknown; undefined shape = unknown rank. */
  shape?: (number | string | undefined)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producer?: string;
  graph: OnnxGraph;
}

// ---------------------------------------------------------------- encode

const ATTR_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7 } as const;

function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
  if (t.dims.length) w.packedVarints(1, t.dims);
  w.varint(2, t.dataType);
  w.string(8, t.name);
  if (t.float) w.bytes(9, new Uint8Array(t.float.buffer.slice(t.float.byteOffset, t.float.byteOffset + t.float.byteLength)));
  else if (t.int64) {
    const b = new Uint8Array(t.int64.length * 8);
    const view = new DataView(b.buffer);
    t.int64.forEach((v, i) => {
      view.setBigInt64(i * 8, BigInt(v), true);
    });
    w.bytes(9, b);
  }
}

export function encodeTensor(t: OnnxTensor): Uint8Array {
  if (t.raw) return t.raw;
  const w = new ProtoWriter();
  writeTensor(w, t);
  return w.finish();
}

function encodeNode(n: OnnxNode): Uint8Array {
  if (n.raw) return n.raw;
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const [name, a] of Object.entries(n.attrs)) {
    if (a.type === 'other') throw new Error(`cannot encode attribute ${name} of node ${n.name}: unknown type`);
    w.message(5, (aw) => {
      aw.string(1, name);
      if (a.type === 'float') aw.float(2, a.value);
      else if (a.type === 'int') aw.varint(3, a.value);
      else if (a.type === 'string') aw.string(4, a.value);
      else if (a.type === 'tensor') aw.bytes(5, encodeTensor(a.value));
      else if (a.type === 'floats') aw.packedFloats(7, a.value);
      else if (a.type === 'ints') aw.packedVarints(8, a.value);
      aw.varint(20, ATTR_TYPE[a.type]);
    });
  }
  if (n.domain) w.string(7, n.domain);
  return w.finish();
}

function encodeValueInfo(v: OnnxValueInfo): Uint8Array {
  const w = new ProtoWriter();
  w.string(1, v.name);
  w.message(2, (tw) =>
    tw.message(1, (tt) => {
      tt.varint(1, v.elemType);
      if (v.shape) {
        tt.message(2, (sw) => {
          for (const d of v.shape!) {
            sw.message(1, (dw) => {
              if (typeof d === 'number') dw.varint(1, d);
              else if (typeof d === 'string') dw.string(2, d);
            });
          }
        });
      }
    }),
  );
  return w.finish();
}

/** Serialise a model to ONNX protobuf bytes. */
export function encodeModel(m: OnnxModel): Uint8Array {
  const g = new ProtoWriter();
  for (const n of m.graph.nodes) g.bytes(1, encodeNode(n));
  g.string(2, m.graph.name);
  for (const t of m.graph.initializers) g.bytes(5, encodeTensor(t));
  for (const v of m.graph.inputs) g.bytes(11, encodeValueInfo(v));
  for (const v of m.graph.outputs) g.bytes(12, encodeValueInfo(v));
  const w = new ProtoWriter();
  w.varint(1, m.irVersion);
  if (m.producer) w.string(2, m.producer);
  w.bytes(7, g.finish());
  for (const o of m.opsets) {
    w.message(8, (ow) => {
      if (o.domain) ow.string(1, o.domain);
      ow.varint(2, o.version);
    });
  }
  return w.finish();
}

// ---------------------------------------------------------------- decode

const all = (fields: ProtoField[], n: number): ProtoField[] => fields.filter((f) => f.field === n);
const one = (fields: ProtoField[], n: number): ProtoField | undefined => fields.filter((f) => f.field === n).pop();
const str = (fields: ProtoField[], n: number): string => decodeString(one(fields, n)?.bytes);

export function decodeTensor(bytes: Uint8Array): OnnxTensor {
  const f = readFields(bytes);
  const t: OnnxTensor = { name: str(f, 8), dims: repeatedInts(f, 1), dataType: int64(one(f, 2)?.int), raw: bytes };
  const raw = one(f, 9)?.bytes;
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (t.dataType === DTYPE.float) {
    if (raw) {
      const copy = new Uint8Array(raw); // a copy (Buffer#slice would share memory), 4-byte aligned
      t.float = new Float32Array(copy.buffer, 0, Math.floor(copy.byteLength / 4));
    } else t.float = Float32Array.from(repeatedFloats(f, 4));
    if (t.float.length !== count) throw new Error(`tensor "${t.name}": ${t.float.length} values for shape [${t.dims.join(', ')}]`);
  } else if (t.dataType === DTYPE.int64) {
    if (raw) {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      t.int64 = Array.from({ length: raw.byteLength / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
    } else t.int64 = repeatedInts(f, 7);
  }
  return t;
}

function decodeAttr(bytes: Uint8Array): [string, OnnxAttr] {
  const f = readFields(bytes);
  const name = str(f, 1);
  let type = int64(one(f, 20)?.int);
  if (!type) {
    // Old exporters leave `type` unset: infer it from the field present.
    type = one(f, 2) ? 1 : one(f, 3) ? 2 : one(f, 4) ? 3 : one(f, 5) ? 4 : all(f, 7).length ? 6 : all(f, 8).length ? 7 : 0;
  }
  switch (type) {
    case 1: {
      const b = one(f, 2)?.bytes;
      return [name, { type: 'float', value: b ? new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true) : 0 }];
    }
    case 2:
      return [name, { type: 'int', value: int64(one(f, 3)?.int) }];
    case 3:
      return [name, { type: 'string', value: str(f, 4) }];
    case 4:
      return [name, { type: 'tensor', value: decodeTensor(one(f, 5)!.bytes!) }];
    case 6:
      return [name, { type: 'floats', value: repeatedFloats(f, 7) }];
    case 7:
      return [name, { type: 'ints', value: repeatedInts(f, 8) }];
    default:
      return [name, { type: 'other' }];
  }
}

function decodeNode(bytes: Uint8Array): OnnxNode {
  const f = readFields(bytes);
  return {
    name: str(f, 3),
    opType: str(f, 4),
    domain: str(f, 7) || undefined,
    inputs: all(f, 1).map((x) => decodeString(x.bytes)),
    outputs: all(f, 2).map((x) => decodeString(x.bytes)),
    attrs: Object.fromEntries(all(f, 5).map((a) => decodeAttr(a.bytes!))),
    raw: bytes,
  };
}

function decodeValueInfo(bytes: Uint8Array): OnnxValueInfo {
  const f = readFields(bytes);
  const tensorType = one(readFields(one(f, 2)?.bytes ?? new Uint8Array()), 1)?.bytes;
  const tt = readFields(tensorType ?? new Uint8Array());
  const shapeBytes = one(tt, 2)?.bytes;
  const shape = shapeBytes
    ? all(readFields(shapeBytes), 1).map((d) => {
        const df = readFields(d.bytes!);
        const v = one(df, 1);
        if (v) return int64(v.int);
        const p = one(df, 2);
        return p ? decodeString(p.bytes) : undefined;
      })
    : undefined;
  return { name: str(f, 1), elemType: int64(one(tt, 1)?.int), ...(shape ? { shape } : {}) };
}

/** Parse ONNX protobuf bytes. Throws a plain Error (callers add the file name) on malformed input. */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  const f = readFields(bytes);
  const graphBytes = one(f, 7)?.bytes;
  if (!graphBytes) throw new Error('no graph in the model (not an ONNX ModelProto)');
  const g = readFields(graphBytes);
  return {
    irVersion: int64(one(f, 1)?.int),
    producer: str(f, 2) || undefined,
    opsets: all(f, 8).map((o) => {
      const of = readFields(o.bytes!);
      return { domain: str(of, 1), version: int64(one(of, 2)?.int) };
    }),
    graph: {
      name: str(g, 2),
      nodes: all(g, 1).map((n) => decodeNode(n.bytes!)),
      initializers: all(g, 5).map((t) => decodeTensor(t.bytes!)),
      inputs: all(g, 11).map((v) => decodeValueInfo(v.bytes!)),
      outputs: all(g, 12).map((v) => decodeValueInfo(v.bytes!)),
    },
  };
}

export { concatBytes };
