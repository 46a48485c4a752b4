import type { FeatureMatrix, VideoRecord } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';
import { ffmpegPath } from '../video/ffmpeg-path.js';
import { framesOf } from '../video/frames-of.js';
import type { GooglenetOptions } from './options.js';
import { caffePreprocess } from './preprocess.js';

/**
 * The GoogLeNet feature path shared by every runtime: sample `frames` frames, Caffe-preprocess
 * them, and run `runBatch` (preprocessed `[b, 3, crop, crop]` → `[b, dim]`) over batches.
 */
export async function extractVideo(
  video: VideoRecord,
  opts: Pick<GooglenetOptions, 'resize' | 'crop' | 'frames' | 'batchSize' | 'mean' | 'ffmpeg'>,
  dim: number,
  runBatch: (input: Float32Array, frames: number) => Promise<Float32Array> | Float32Array,
): Promise<FeatureMatrix> {
  const { resize, crop, frames: n, batchSize } = opts;
  const stack = await framesOf(video, { ffmpeg: ffmpegPath(opts.ffmpeg), frames: n, size: { width: resize, height: resize } });
  const input = caffePreprocess(stack, crop, opts.mean);
  const out = new Float32Array(n * dim);
  const per = 3 * crop * crop;
  for (let start = 0; start < n; start += batchSize) {
    const b = Math.min(batchSize, n - start);
    const features = await runBatch(input.subarray(start * per, (start + b) * per), b);
    if (features.length !== b * dim) {
      throw new TopiclensError(
        `Video "${video.id}": the model returned ${features.length} values for ${b} frames (expected ${b} × ${dim}).`,
      );
    }
    out.set(features, start * dim);
  }
  return { frames: n, dim, data: out };
}
