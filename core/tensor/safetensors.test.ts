import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, type HostTensor } from './safetensors.js';

/** A file from a header object and a data section, the way another writer would make it. */
function file(header: unknown, data: Uint8Array, pad = 0): Uint8Array {
  const json = Buffer.from(JSON.stringify(header) + ' '.repeat(pad), 'utf8');
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (...v: number[]) => new Uint8Array(new Float32Array(v).buffer);

describe('safetensors', () => {
  it('round-trips float32 and int32 bit-exactly (NaN payload, -0, denormals, extremes) with metadata', () => {
    const bits = new Uint32Array([0x7fc00001, 0x80000000, 0x00000001, 0x7f7fffff, 0xff800000, 0x3f800000]);
    const weird = new Float32Array(bits.buffer);
    const tensors: Record<string, HostTensor> = {
      'encoder/inputKernel': { dtype: 'float32', shape: [2, 3], data: weird },
      'b/ids': { dtype: 'int32', shape: [3], data: new Int32Array([-2147483648, 0, 2147483647]) },
      empty: { dtype: 'float32', shape: [0, 4], data: new Float32Array(0) },
    };
    const bytes = encodeSafetensors(tensors, { format: 'topiclens-model/1', 'topiclens.note': 'λ = 0.1' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    expect(bytes.length).toBe(8 + headerLength + 6 * 4 + 3 * 4);
    const back = decodeSafetensors(bytes, 'x.safetensors');
    expect(back.metadata).toEqual({ format: 'topiclens-model/1', 'topiclens.note': 'λ = 0.1' });
    expect(Array.from(new Uint32Array((back.tensors['encoder/inputKernel']!.data as Float32Array).buffer))).toEqual(Array.from(bits));
    expect(back.tensors['encoder/inputKernel']!.shape).toEqual([2, 3]);
    expect(Array.from(back.tensors['b/ids']!.data)).toEqual([-2147483648, 0, 2147483647]);
    expect(back.tensors['b/ids']!.dtype).toBe('int32');
    expect(back.tensors.empty!.shape).toEqual([0, 4]);
    // deterministic bytes: written again from what was read, the file is identical
    expect(Buffer.from(encodeSafetensors(back.tensors, back.metadata)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('reads F16, BF16, F64 and I64 as float32 / int32', () => {
    const f16 = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001, 0x7c00]).buffer); // 1, -2, 0.33325195, 2^-24, +inf
    const bf16 = new Uint8Array(new Uint16Array([0x3f80, 0x4049]).buffer); // 1, 3.140625
    const f64 = new Uint8Array(new Float64Array([0.1, -1e300]).buffer);
    const i64 = new Uint8Array(new BigInt64Array([-5n, 7n]).buffer);
    const header = {
      a: { dtype: 'F16', shape: [5], data_offsets: [0, 10] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [10, 14] },
      c: { dtype: 'F64', shape: [2], data_offsets: [14, 30] },
      d: { dtype: 'I64', shape: [2, 1], data_offsets: [30, 46] },
    };
    const got = decodeSafetensors(file(header, new Uint8Array([...f16, ...bf16, ...f64, ...i64]), 3), 'mixed.safetensors').tensors;
    expect(Array.from(got.a!.data)).toEqual([1, -2, Math.fround(0.33325195), 2 ** -24, Infinity]);
    expect(Array.from(got.b!.data)).toEqual([1, 3.140625]);
    expect(Array.from(got.c!.data)).toEqual([Math.fround(0.1), -Infinity]);
    expect(Array.from(got.d!.data)).toEqual([-5, 7]);
    expect(got.d!.dtype).toBe('int32');
  });

  const two = f32(1, 2, 3, 4);
  const cases: [string, Uint8Array, RegExp][] = [
    ['too short', new Uint8Array(5), /bad\.safetensors: 5 bytes, shorter than the 8-byte header length/],
    [
      'header past the end',
      (() => {
        const b = file({}, new Uint8Array(0));
        new DataView(b.buffer).setBigUint64(0, 1000n, true);
        return b;
      })(),
      /header length 1000 runs past the end of the file/,
    ],
    [
      'huge header length',
      (() => {
        const b = new Uint8Array(16);
        new DataView(b.buffer).setBigUint64(0, 2n ** 62n, true);
        return b;
      })(),
      /over the 100000000-byte limit/,
    ],
    [
      'not JSON',
      (() => {
        const b = file({}, new Uint8Array(0));
        b[9] = 0x7b;
        b[8] = 0x7b;
        return b;
      })(),
      /header is not valid JSON/,
    ],
    ['not an object', file([1, 2], new Uint8Array(0)), /does not start with "\{"/],
    ['unknown dtype', file({ w: { dtype: 'F33', shape: [1], data_offsets: [0, 4] } }, f32(1)), /tensor "w" has unknown dtype "F33"/],
    ['bad shape', file({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32(1)), /tensor "w" has shape \[-1\]/],
    ['reversed offsets', file({ w: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, f32(1)), /tensor "w" has data_offsets \[4,0\]/],
    [
      'size mismatch',
      file({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 16] } }, two),
      /tensor "w" has 16 bytes but F32 \[3\] needs 12/,
    ],
    [
      'out of bounds',
      file({ w: { dtype: 'F32', shape: [5], data_offsets: [0, 20] } }, two),
      /tensor "w" data_offsets \[0, 20\] run past the data \(16 bytes\)/,
    ],
    [
      'overlap',
      file({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 12] }, v: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } }, two),
      /tensor "v" \[8, 16\] overlaps the tensor before it/,
    ],
    [
      'gap',
      file({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, v: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } }, two),
      /bytes 4\.\.8 before tensor "v" belong to no tensor/,
    ],
    ['trailing bytes', file({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 12] } }, two), /cover 12 bytes but the data has 16/],
    ['metadata not strings', file({ __metadata__: { n: 3 } }, new Uint8Array(0)), /"__metadata__\.n" is 3, not a string/],
    [
      'unsupported dtype',
      file({ w: { dtype: 'U8', shape: [4], data_offsets: [0, 4] } }, new Uint8Array(4)),
      /tensor "w" is U8; topiclens reads F32, F16, BF16, F64, I32 and I64/,
    ],
    [
      'I64 out of int32',
      file({ w: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(new BigInt64Array([1n << 40n]).buffer)),
      /tensor "w" \(I64\) holds 1099511627776 at index 0, outside the int32 range/,
    ],
  ];
  it.each(cases)('rejects a malformed file: %s', (_name, bytes, message) => {
    expect(() => decodeSafetensors(bytes, 'bad.safetensors')).toThrow(message);
    expect(() => decodeSafetensors(bytes, 'bad.safetensors')).toThrow(/^bad\.safetensors: /);
  });

  it('refuses to write a tensor whose values do not fill its shape', () => {
    expect(() => encodeSafetensors({ w: { dtype: 'float32', shape: [2, 2], data: new Float32Array(3) } })).toThrow(
      /tensor "w" has 3 values but shape \[2,2\] needs 4/,
    );
  });
});
