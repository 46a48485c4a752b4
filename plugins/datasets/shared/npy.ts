import { readFile } from 'node:fs/promises';
import { TopiclensError } from '../../../core/errors.js';
import { writeFileAtomic } from '../../../core/runner/atomic.js';
import type { FeatureMatrix } from '../../../core/contracts/dataset.js';
import { encodeNpy } from '../../../core/encoding/npy.js';

/**
 * A minimal reader/writer for NumPy `.npy` files (format versions 1.0–3.0) holding a 2-D
 * C-ordered array `[frames, dim]` — the usual way per-clip CNN features are shipped.
 * Reads little-endian float32 / float64 / float16 / int and uint arrays (converted to float32);
 * writes float32.
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export interface NpyArray {
  shape: number[];
  data: Float32Array;
}

function fail(file: string, what: string): never {
  throw new TopiclensError(`${file}: not a readable .npy feature file: ${what}`);
}

function parseHeader(header: string, file: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) fail(file, `cannot parse header ${JSON.stringify(header.trim())}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const v = Number(s.replace(/L$/, ''));
      if (!Number.isInteger(v) || v < 0) fail(file, `bad shape entry ${JSON.stringify(s)}`);
      return v;
    });
  return { descr, fortran: fortran === 'True', shape };
}

/** Decode an in-memory .npy file. */
export function decodeNpy(bytes: Uint8Array, file = '<npy>'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail(file, 'missing the \\x93NUMPY magic');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let offset: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    offset = 10;
  } else if (major === 2 || major === 3) {
    headerLen = view.getUint32(8, true);
    offset = 12;
  } else {
    fail(file, `unsupported format version ${major}`);
  }
  if (offset + headerLen > bytes.length) fail(file, 'header runs past the end of the file');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(offset, offset + headerLen));
  const { descr, fortran, shape } = parseHeader(header, file);
  if (fortran && shape.length > 1) fail(file, 'Fortran-ordered arrays are not supported (save with np.ascontiguousarray)');
  const count = shape.reduce((a, b) => a * b, 1);
  const start = offset + headerLen;
  const m = /^([<>|=])([fiub])(\d+)$/.exec(descr);
  if (!m) fail(file, `unsupported dtype ${descr}`);
  const [, order, kind, sizeText] = m;
  const size = Number(sizeText);
  if (order === '>' && size > 1) fail(file, `big-endian dtype ${descr} is not supported`);
  if (start + count * size > bytes.length)
    fail(file, `expected ${count} values of ${descr} (shape [${shape.join(', ')}]), file is truncated`);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const p = start + i * size;
    let v: number;
    if (kind === 'f' && size === 4) v = view.getFloat32(p, true);
    else if (kind === 'f' && size === 8) v = view.getFloat64(p, true);
    else if (kind === 'f' && size === 2) v = halfToFloat(view.getUint16(p, true));
    else if (kind === 'i' && size === 1) v = view.getInt8(p);
    else if (kind === 'i' && size === 2) v = view.getInt16(p, true);
    else if (kind === 'i' && size === 4) v = view.getInt32(p, true);
    else if (kind === 'i' && size === 8) v = Number(view.getBigInt64(p, true));
    else if ((kind === 'u' || kind === 'b') && size === 1) v = view.getUint8(p);
    else if (kind === 'u' && size === 2) v = view.getUint16(p, true);
    else if (kind === 'u' && size === 4) v = view.getUint32(p, true);
    else fail(file, `unsupported dtype ${descr}`);
    out[i] = v;
  }
  return { shape, data: out };
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

export { encodeNpy } from '../../../core/encoding/npy.js';

/** Read a `[frames, dim]` feature file; a 1-D array is read as one frame. */
export async function readFeatureNpy(file: string): Promise<FeatureMatrix> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new TopiclensError(`${file}: cannot read feature file (${(e as Error).message})`);
  }
  const { shape, data } = decodeNpy(bytes, file);
  if (shape.length === 1) return { frames: 1, dim: shape[0]!, data };
  if (shape.length !== 2) fail(file, `expected a 2-D array [frames, dim], found shape [${shape.join(', ')}]`);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!))
      fail(file, `value ${data[i]} at frame ${Math.floor(i / shape[1]!)}, dim ${i % shape[1]!} is not finite`);
  }
  return { frames: shape[0]!, dim: shape[1]!, data };
}

/** Write a feature matrix as float32 .npy (atomically: temp file + rename). */
export async function writeFeatureNpy(file: string, m: FeatureMatrix): Promise<void> {
  writeFileAtomic(file, encodeNpy(m.data, [m.frames, m.dim]));
}
