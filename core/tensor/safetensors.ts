import { TopiclensError } from '../errors.js';

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian u64 N, N bytes of UTF-8 JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {str: str}}` (padded with
 * spaces to a multiple of 8), then the raw little-endian, row-major data; offsets are relative to
 * the first byte after the header. Reading is strict, as the reference implementation is: the
 * ranges must tile the data exactly (contiguous from 0, no gap, no overlap, nothing after) and
 * each range must be the size its dtype and shape say.
 */

/** Host tensors: row-major float32 (or int32) values and a shape. */
export interface HostTensor {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface SafetensorsContent {
  tensors: Record<string, HostTensor>;
  metadata: Record<string, string>;
}

/** The reference implementation's limit on the header (100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const BYTES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  U16: 2,
  U32: 4,
  U64: 8,
  BOOL: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
};
const READABLE = ['F32', 'F16', 'BF16', 'F64', 'I32', 'I64'];

/** Serialise tensors (F32 / I32) and string metadata; names are written sorted, so equal input gives equal bytes. */
export function encodeSafetensors(tensors: Record<string, HostTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__') throw new TopiclensError('safetensors: "__metadata__" cannot be a tensor name.');
    const t = tensors[name]!;
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== count)
      throw new TopiclensError(`safetensors: tensor "${name}" has ${t.data.length} values but shape [${t.shape}] needs ${count}.`);
    header[name] = { dtype: t.dtype === 'int32' ? 'I32' : 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * count] };
    offset += 4 * count;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const head = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const name of names) {
    const t = tensors[name]!;
    const src = t.data;
    if (LITTLE_ENDIAN)
      out.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), at); // bit-exact, NaN payloads included
    else
      for (let i = 0; i < src.length; i++)
        t.dtype === 'int32' ? view.setInt32(at + 4 * i, src[i]!, true) : view.setFloat32(at + 4 * i, src[i]!, true);
    at += src.byteLength;
  }
  return out;
}

const bf16Bits = new Uint32Array(1);
const bf16Value = new Float32Array(bf16Bits.buffer);

const f16 = (h: number): number => {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
};

/**
 * Parse a safetensors file. F32, F16, BF16 and F64 become float32, I32 and I64 int32 (I64 values
 * outside the int32 range are an error); any other dtype is an error naming the tensor.
 * `where` (the file) is named in every error.
 */
export function decodeSafetensors(bytes: Uint8Array, where: string): SafetensorsContent {
  const bad = (
    what: string,
    fix = 'The file is damaged or not a safetensors file; write it again with safetensors (save_file) or `topiclens export`.',
  ) => new TopiclensError(`${where}: ${what}. ${fix}`, 2);
  if (bytes.length < 8) throw bad(`${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) throw bad(`header length ${n64} is over the ${MAX_HEADER_BYTES}-byte limit`);
  const n = Number(n64);
  if (8 + n > bytes.length) throw bad(`header length ${n} runs past the end of the file (${bytes.length} bytes)`);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + 8, n).toString('utf8');
  if (!text.startsWith('{')) throw bad('the header does not start with "{"');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw bad(`the header is not valid JSON (${(e as Error).message})`);
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw bad('the header is not a JSON object');
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('"__metadata__" is not an object of strings');
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== 'string') throw bad(`"__metadata__.${k}" is ${JSON.stringify(v)?.slice(0, 40)}, not a string`);
        metadata[k] = v;
      }
      continue;
    }
    const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (!e || typeof e !== 'object') throw bad(`tensor "${name}" is not an object {dtype, shape, data_offsets}`);
    if (typeof e.dtype !== 'string' || !(e.dtype in BYTES)) throw bad(`tensor "${name}" has unknown dtype ${JSON.stringify(e.dtype)}`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      throw bad(`tensor "${name}" has shape ${JSON.stringify(e.shape)}, not a list of non-negative integers`);
    const o = e.data_offsets;
    if (!Array.isArray(o) || o.length !== 2 || !o.every((x) => Number.isSafeInteger(x) && x >= 0) || o[0] > o[1]) {
      throw bad(`tensor "${name}" has data_offsets ${JSON.stringify(o)}, not [begin, end] with 0 ≤ begin ≤ end`);
    }
    const [begin, end] = o as [number, number];
    if (end > dataLength) throw bad(`tensor "${name}" data_offsets [${begin}, ${end}] run past the data (${dataLength} bytes)`);
    const size = (e.shape as number[]).reduce((a, b) => a * b, 1) * BYTES[e.dtype]!;
    if (end - begin !== size) throw bad(`tensor "${name}" has ${end - begin} bytes but ${e.dtype} [${e.shape as number[]}] needs ${size}`);
    entries.push({ name, dtype: e.dtype, shape: e.shape as number[], begin, end });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of sorted) {
    if (e.begin < expected)
      throw bad(`tensor "${e.name}" [${e.begin}, ${e.end}] overlaps the tensor before it (which ends at ${expected})`);
    if (e.begin > expected)
      throw bad(`bytes ${expected}..${e.begin} before tensor "${e.name}" belong to no tensor (offsets must be contiguous)`);
    expected = e.end;
  }
  if (expected !== dataLength)
    throw bad(`the tensors cover ${expected} bytes but the data has ${dataLength} (offsets must cover the data exactly)`);

  const tensors: Record<string, HostTensor> = {};
  for (const e of entries) {
    if (!READABLE.includes(e.dtype)) {
      throw bad(
        `tensor "${e.name}" is ${e.dtype}; topiclens reads F32, F16, BF16, F64, I32 and I64`,
        'Convert it first, e.g. in PyTorch: {k: v.float() for k, v in state_dict.items()}.',
      );
    }
    const count = e.shape.reduce((a, b) => a * b, 1);
    const at = dataStart + e.begin;
    const isInt = e.dtype === 'I32' || e.dtype === 'I64';
    const data = isInt ? new Int32Array(count) : new Float32Array(count);
    if (LITTLE_ENDIAN && (e.dtype === 'F32' || e.dtype === 'I32')) {
      new Uint8Array(data.buffer).set(bytes.subarray(at, at + 4 * count));
      tensors[e.name] = { dtype: isInt ? 'int32' : 'float32', shape: e.shape, data };
      continue;
    }
    for (let i = 0; i < count; i++) {
      switch (e.dtype) {
        case 'F32':
          data[i] = view.getFloat32(at + 4 * i, true);
          break;
        case 'F64':
          data[i] = view.getFloat64(at + 8 * i, true);
          break;
        case 'F16':
          data[i] = f16(view.getUint16(at + 2 * i, true));
          break;
        case 'BF16':
          bf16Bits[0] = view.getUint16(at + 2 * i, true) << 16;
          data[i] = bf16Value[0]!;
          break;
        case 'I32':
          data[i] = view.getInt32(at + 4 * i, true);
          break;
        default: {
          const v = view.getBigInt64(at + 8 * i, true);
          if (v > 2147483647n || v < -2147483648n)
            throw bad(`tensor "${e.name}" (I64) holds ${v} at index ${i}, outside the int32 range`, 'Store it as I32 or F32.');
          data[i] = Number(v);
        }
      }
    }
    tensors[e.name] = { dtype: isInt ? 'int32' : 'float32', shape: e.shape, data };
  }
  return { tensors, metadata };
}
