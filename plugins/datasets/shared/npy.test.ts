import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, readFeatureNpy, writeFeatureNpy } from './npy.js';

// Bytes written by numpy 1.x `np.save` (generated once with python3 and pasted here).
const NUMPY_F4 =
  '934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2032292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000c03f000000c00000803e00004040';
const NUMPY_F8 =
  '934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028312c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000000000000f03f00000000000000400000000000000840';
const NUMPY_F2 =
  '934e554d5059010076007b276465736372273a20273c6632272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028312c2032292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a003c00c0';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

describe('npy', () => {
  it('decodes numpy float32, float64 and float16 files', () => {
    expect(decodeNpy(hex(NUMPY_F4))).toEqual({ shape: [2, 2], data: Float32Array.from([1.5, -2, 0.25, 3]) });
    expect(decodeNpy(hex(NUMPY_F8))).toEqual({ shape: [1, 3], data: Float32Array.from([1, 2, 3]) });
    expect(decodeNpy(hex(NUMPY_F2))).toEqual({ shape: [1, 2], data: Float32Array.from([1, -2]) });
  });

  it('encodes byte-identically to numpy', () => {
    expect(Buffer.from(encodeNpy(Float32Array.from([1.5, -2, 0.25, 3]), [2, 2])).toString('hex')).toBe(NUMPY_F4);
  });

  it('round-trips a feature matrix through a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    const data = Float32Array.from({ length: 28 * 5 }, (_, i) => Math.sin(i));
    await writeFeatureNpy(join(dir, 'a.npy'), { frames: 28, dim: 5, data });
    const m = await readFeatureNpy(join(dir, 'a.npy'));
    expect([m.frames, m.dim]).toEqual([28, 5]);
    expect(m.data).toEqual(data);
  });

  it('rejects bad files with the file name and the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    writeFileSync(join(dir, 'bad.npy'), 'hello world, not numpy');
    await expect(readFeatureNpy(join(dir, 'bad.npy'))).rejects.toThrow(/bad\.npy: not a readable \.npy feature file: missing the/);
    const truncated = hex(NUMPY_F4).subarray(0, 130);
    writeFileSync(join(dir, 'trunc.npy'), truncated);
    await expect(readFeatureNpy(join(dir, 'trunc.npy'))).rejects.toThrow(/trunc\.npy: .*truncated/);
    await expect(readFeatureNpy(join(dir, 'missing.npy'))).rejects.toThrow(/missing\.npy: cannot read feature file/);
    const nan = encodeNpy(Float32Array.from([1, NaN]), [1, 2]);
    writeFileSync(join(dir, 'nan.npy'), nan);
    await expect(readFeatureNpy(join(dir, 'nan.npy'))).rejects.toThrow(/nan\.npy: .*frame 0, dim 1 is not finite/);
  });
});
