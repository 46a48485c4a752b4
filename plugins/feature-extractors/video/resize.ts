import type { FrameStack } from '../../../core/contracts/dataset.js';

/**
 * Bilinear resize of every frame (half-pixel centres, edge clamped — the convention of ffmpeg's
 * and OpenCV's bilinear scalers), rounding to bytes. Used for `frames` sources; file sources are
 * scaled by ffmpeg while decoding.
 */
export function resizeBilinear(stack: FrameStack, width: number, height: number): FrameStack {
  if (stack.width === width && stack.height === height) return stack;
  const { frames, width: sw, height: sh, data } = stack;
  const out = new Uint8Array(frames * width * height * 3);
  const sx = sw / width;
  const sy = sh / height;
  const x0 = new Int32Array(width),
    x1 = new Int32Array(width),
    fx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const src = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), sw - 1);
    x0[x] = Math.floor(src);
    x1[x] = Math.min(x0[x]! + 1, sw - 1);
    fx[x] = src - x0[x]!;
  }
  for (let f = 0; f < frames; f++) {
    const base = f * sw * sh * 3;
    for (let y = 0; y < height; y++) {
      const srcY = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), sh - 1);
      const y0 = Math.floor(srcY);
      const y1 = Math.min(y0 + 1, sh - 1);
      const fy = srcY - y0;
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) {
          const a = data[base + (y0 * sw + x0[x]!) * 3 + c]!;
          const b = data[base + (y0 * sw + x1[x]!) * 3 + c]!;
          const d = data[base + (y1 * sw + x0[x]!) * 3 + c]!;
          const e = data[base + (y1 * sw + x1[x]!) * 3 + c]!;
          const top = a + (b - a) * fx[x]!;
          const bottom = d + (e - d) * fx[x]!;
          out[((f * height + y) * width + x) * 3 + c] = Math.round(top + (bottom - top) * fy);
        }
      }
    }
  }
  return { frames, width, height, data: out };
}
