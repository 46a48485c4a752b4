/**
 * Just enough protocol-buffers wire format to read and write ONNX models without a protobuf
 * library: varints, length-delimited fields, 32-bit floats, packed repeated scalars.
 */

export const WIRE = { varint: 0, i64: 1, len: 2, i32: 5 } as const;

/** Appends protobuf fields to a growing byte buffer. */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private rawVarint(v: bigint): void {
    if (v < 0n) v = BigInt.asUintN(64, v);
    this.ensure(10);
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      this.buf[this.len++] = byte;
    } while (v > 0n);
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(BigInt((field << 3) | wire));
  }

  varint(field: number, v: number | bigint): this {
    this.tag(field, WIRE.varint);
    this.rawVarint(BigInt(v));
    return this;
  }

  float(field: number, v: number): this {
    this.tag(field, WIRE.i32);
    this.ensure(4);
    new DataView(this.buf.buffer).setFloat32(this.len, v, true);
    this.len += 4;
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, WIRE.len);
    this.rawVarint(BigInt(data.length));
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  packedVarints(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.rawVarint(BigInt(v));
    return this.bytes(field, inner.finish());
  }

  packedFloats(field: number, values: ArrayLike<number>): this {
    const data = new Uint8Array(values.length * 4);
    const view = new DataView(data.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
    return this.bytes(field, data);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** One field as read from the wire: its number, wire type, and value (varint/fixed as bigint/number, len as bytes). */
export interface ProtoField {
  field: number;
  wire: number;
  /** varint value (wire 0) */
  int?: bigint;
  /** fixed32 / fixed64 raw bytes, or the payload of a length-delimited field */
  bytes?: Uint8Array;
  /** The whole field on the wire (tag included), to copy it unchanged. */
  raw: Uint8Array;
}

export class ProtoError extends Error {}

function readVarint(b: Uint8Array, pos: number): [bigint, number] {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= b.length) throw new ProtoError('truncated varint');
    const byte = b[pos++]!;
    v |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [v, pos];
    shift += 7n;
    if (shift > 70n) throw new ProtoError('varint too long');
  }
}

/** All fields of a message, in wire order. */
export function readFields(b: Uint8Array): ProtoField[] {
  const out: ProtoField[] = [];
  let pos = 0;
  while (pos < b.length) {
    const start = pos;
    const [tag, p1] = readVarint(b, pos);
    pos = p1;
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (field < 1) throw new ProtoError(`bad field number at byte ${start}`);
    if (wire === WIRE.varint) {
      const [v, p2] = readVarint(b, pos);
      pos = p2;
      out.push({ field, wire, int: v, raw: b.subarray(start, pos) });
    } else if (wire === WIRE.len) {
      const [n, p2] = readVarint(b, pos);
      const end = p2 + Number(n);
      if (end > b.length) throw new ProtoError(`field ${field} at byte ${start} runs past the end`);
      out.push({ field, wire, bytes: b.subarray(p2, end), raw: b.subarray(start, end) });
      pos = end;
    } else if (wire === WIRE.i32 || wire === WIRE.i64) {
      const size = wire === WIRE.i32 ? 4 : 8;
      if (pos + size > b.length) throw new ProtoError(`field ${field} at byte ${start} runs past the end`);
      out.push({ field, wire, bytes: b.subarray(pos, pos + size), raw: b.subarray(start, pos + size) });
      pos += size;
    } else {
      throw new ProtoError(`unsupported wire type ${wire} at byte ${start}`);
    }
  }
  return out;
}

export const decodeString = (b: Uint8Array | undefined): string => (b ? new TextDecoder().decode(b) : '');

/** Signed 64-bit value of a varint, as a number. */
export const int64 = (v: bigint | undefined): number => (v === undefined ? 0 : Number(BigInt.asIntN(64, v)));

/** Values of a repeated int field: packed (wire 2) or not (wire 0). */
export function repeatedInts(fields: ProtoField[], field: number): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wire === WIRE.varint) out.push(int64(f.int));
    else if (f.wire === WIRE.len && f.bytes) {
      let pos = 0;
      while (pos < f.bytes.length) {
        const [v, p] = readVarint(f.bytes, pos);
        out.push(int64(v));
        pos = p;
      }
    }
  }
  return out;
}

/** Values of a repeated float field: packed (wire 2) or not (wire 5). */
export function repeatedFloats(fields: ProtoField[], field: number): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field || !f.bytes) continue;
    const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
    for (let i = 0; i + 4 <= f.bytes.length; i += 4) out.push(view.getFloat32(i, true));
  }
  return out;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
