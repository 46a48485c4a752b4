import type { FrameStack } from '../../../core/contracts/dataset.js';

/** Caffe's BVLC GoogLeNet mean pixel, in B, G, R order. */
export const CAFFE_MEAN_BGR = [104, 117, 123] as const;

/**
 * Caffe preprocessing of frames that were already resized (to e.g. 256×256): centre crop
 * `crop`×`crop` (offset floor((size − crop)/2)), RGB → BGR, subtract the per-channel mean, keep
 * the 0..255 scale; returns NCHW float32 `[frames, 3, crop, crop]` (channel 0 = blue).
 */
export function caffePreprocess(stack: FrameStack, crop: number, meanBgr: readonly number[] = CAFFE_MEAN_BGR): Float32Array {
  const { frames, width, height, data } = stack;
  if (width < crop || height < crop) throw new RangeError(`caffePreprocess: frames are ${width}×${height}, smaller than the ${crop} crop`);
  const ox = Math.floor((width - crop) / 2);
  const oy = Math.floor((height - crop) / 2);
  const plane = crop * crop;
  const out = new Float32Array(frames * 3 * plane);
  for (let f = 0; f < frames; f++) {
    const dst = f * 3 * plane;
    for (let y = 0; y < crop; y++) {
      let src = ((f * height + y + oy) * width + ox) * 3;
      let p = y * crop;
      for (let x = 0; x < crop; x++, src += 3, p++) {
        out[dst + p] = data[src + 2]! - meanBgr[0]!; // B
        out[dst + plane + p] = data[src + 1]! - meanBgr[1]!; // G
        out[dst + 2 * plane + p] = data[src]! - meanBgr[2]!; // R
      }
    }
  }
  return out;
}
