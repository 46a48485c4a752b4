import type { FrameStack } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';
import { probeVideo, type VideoProbe } from './probe.js';
import { ffmpegComplaint, firstVideoStream, runFfmpeg } from './run-ffmpeg.js';
import { sampleIndices } from './sample.js';

export interface DecodeOptions {
  /** ffmpeg binary (see ffmpegPath). */
  ffmpeg: string;
  /** How many equally spaced frames (see sampleIndices). */
  frames: number;
  /** Scale every frame to this size (bilinear, in ffmpeg); default: the video's own size. */
  size?: { width: number; height: number };
}

/** The ffmpeg arguments that decode frames `indices` (sorted, unique) of `file` to raw RGB on stdout. */
export function decodeArgs(file: string, indices: number[], size?: { width: number; height: number }): string[] {
  const select = `select='${indices.map((i) => `eq(n\\,${i})`).join('+')}'`;
  const filters = [select, ...(size ? [`scale=${size.width}:${size.height}:flags=bilinear`] : [])].join(',');
  return [...firstVideoStream(file), '-vf', filters, '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
}

async function decodeSelected(opts: DecodeOptions, file: string, probe: VideoProbe, unique: number[]) {
  const width = opts.size?.width ?? probe.width;
  const height = opts.size?.height ?? probe.height;
  const { code, stdout, stderr } = await runFfmpeg(opts.ffmpeg, decodeArgs(file, unique, opts.size));
  if (code !== 0) throw new TopiclensError(`Cannot decode video ${file}: ${ffmpegComplaint(stderr)}`);
  const frameBytes = width * height * 3;
  if (stdout.length % frameBytes !== 0) {
    throw new TopiclensError(
      `Cannot decode video ${file}: ffmpeg wrote ${stdout.length} bytes, not a whole number of ${width}×${height} RGB frames.`,
    );
  }
  return { width, height, frameBytes, got: stdout.length / frameBytes, stdout };
}

/**
 * Decode `opts.frames` equally spaced frames of the video `file` straight to RGB bytes through a
 * pipe (no temp images). Frames are picked by index with ffmpeg's `select` filter (one sequential
 * decode, no seeking, so the picks are exact). When the container's packet count overstates the
 * decodable frames, the frames are counted by decoding and the pick is redone.
 * Any problem is a TopiclensError naming `file`.
 */
export async function decodeFrames(file: string, opts: DecodeOptions): Promise<FrameStack & { indices: number[]; probe: VideoProbe }> {
  let probe = await probeVideo(opts.ffmpeg, file);
  let indices = sampleIndices(probe.frames, opts.frames);
  let unique = [...new Set(indices)];
  let r = await decodeSelected(opts, file, probe, unique);
  if (r.got < unique.length) {
    probe = await probeVideo(opts.ffmpeg, file, { decode: true });
    indices = sampleIndices(probe.frames, opts.frames);
    unique = [...new Set(indices)];
    r = await decodeSelected(opts, file, probe, unique);
  }
  if (r.got !== unique.length) {
    throw new TopiclensError(
      `Cannot decode video ${file}: asked ffmpeg for ${unique.length} frames (of ${probe.frames}), got ${r.got}. The file may be truncated or corrupt.`,
    );
  }
  const data = new Uint8Array(opts.frames * r.frameBytes);
  const slot = new Map(unique.map((i, k) => [i, k]));
  indices.forEach((idx, k) => {
    const src = slot.get(idx)! * r.frameBytes;
    data.set(r.stdout.subarray(src, src + r.frameBytes), k * r.frameBytes);
  });
  return { frames: opts.frames, width: r.width, height: r.height, data, indices, probe };
}
