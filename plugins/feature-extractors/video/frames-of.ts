import type { FrameStack, VideoRecord } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';
import { decodeFrames } from './decode.js';
import { resizeBilinear } from './resize.js';
import { sampleIndices } from './sample.js';

export interface FramesOptions {
  ffmpeg: string;
  /** Equally spaced frames per video. */
  frames: number;
  /** Every frame is scaled to this size. */
  size: { width: number; height: number };
}

/**
 * `opts.frames` equally spaced RGB frames of `video` at `opts.size`: decoded with ffmpeg for
 * `file` sources; for `frames` sources (already decoded) subsampled with the same formula and
 * resized bilinearly. A `features` source has no pixels: that is a config error.
 */
export async function framesOf(video: VideoRecord, opts: FramesOptions): Promise<FrameStack> {
  const src = video.source;
  if (src.kind === 'file') {
    try {
      return await decodeFrames(src.path, { ffmpeg: opts.ffmpeg, frames: opts.frames, size: opts.size });
    } catch (err) {
      if (err instanceof TopiclensError && !err.message.includes(`"${video.id}"`)) {
        throw new TopiclensError(`Video "${video.id}": ${err.message}`, err.exitCode, err.hint);
      }
      throw err;
    }
  }
  if (src.kind === 'frames') {
    const stack = await src.load();
    const frameBytes = stack.width * stack.height * 3;
    if (stack.frames < 1 || stack.data.length !== stack.frames * frameBytes) {
      throw new TopiclensError(
        `Video "${video.id}": its frames hold ${stack.data.length} bytes, not ${stack.frames} × ${stack.width}×${stack.height}×3.`,
      );
    }
    const idx = sampleIndices(stack.frames, opts.frames);
    const picked = new Uint8Array(opts.frames * frameBytes);
    idx.forEach((i, k) => {
      picked.set(stack.data.subarray(i * frameBytes, (i + 1) * frameBytes), k * frameBytes);
    });
    return resizeBilinear(
      { frames: opts.frames, width: stack.width, height: stack.height, data: picked },
      opts.size.width,
      opts.size.height,
    );
  }
  throw new TopiclensError(
    `Video "${video.id}" comes with precomputed features, so a pixel-based feature extractor cannot run on it. Remove the "featureExtractor" slot from the config (the features are then used as they are).`,
    2,
  );
}
