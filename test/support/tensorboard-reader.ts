import { expect } from 'vitest';
import { maskedCrc32c } from '../../core/runner/tensorboard/tfrecord.js';

/** An Event as the reader below decodes it. */
export interface DecodedEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  values: Record<string, number>;
}

/** An independent reader: TFRecord framing with both CRCs checked, then the Event protobuf fields we write. */
export function readEventFile(bytes: Uint8Array): DecodedEvent[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const events: DecodedEvent[] = [];
  for (let at = 0; at < bytes.length; ) {
    const len = Number(view.getBigUint64(at, true));
    expect(view.getUint32(at + 8, true)).toBe(maskedCrc32c(bytes.subarray(at, at + 8)));
    const data = bytes.subarray(at + 12, at + 12 + len);
    expect(view.getUint32(at + 12 + len, true)).toBe(maskedCrc32c(data));
    events.push(decodeEvent(data));
    at += 16 + len;
  }
  return events;
}

function fields(data: Uint8Array): { field: number; wire: number; value: number | bigint | Uint8Array }[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: { field: number; wire: number; value: number | bigint | Uint8Array }[] = [];
  let i = 0;
  const varint = () => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = data[i++]!;
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
    }
  };
  while (i < data.length) {
    const key = Number(varint());
    const field = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 1) {
      out.push({ field, wire, value: view.getFloat64(i, true) });
      i += 8;
    } else if (wire === 5) {
      out.push({ field, wire, value: view.getFloat32(i, true) });
      i += 4;
    } else if (wire === 2) {
      const n = Number(varint());
      out.push({ field, wire, value: data.subarray(i, i + n) });
      i += n;
    } else throw new Error(`wire type ${wire}`);
  }
  return out;
}

function decodeEvent(data: Uint8Array): DecodedEvent {
  const e: DecodedEvent = { wallTime: NaN, step: 0, values: {} };
  for (const f of fields(data)) {
    if (f.field === 1) e.wallTime = f.value as number;
    if (f.field === 2) e.step = Number(f.value);
    if (f.field === 3) e.fileVersion = Buffer.from(f.value as Uint8Array).toString('utf8');
    if (f.field === 5) {
      for (const v of fields(f.value as Uint8Array)) {
        const inner = fields(v.value as Uint8Array);
        const tag = Buffer.from(inner.find((x) => x.field === 1)!.value as Uint8Array).toString('utf8');
        e.values[tag] = inner.find((x) => x.field === 2)!.value as number;
      }
    }
  }
  return e;
}
