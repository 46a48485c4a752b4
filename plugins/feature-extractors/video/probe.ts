import { TopiclensError } from '../../../core/errors.js';
import { ffmpegComplaint, firstVideoStream, runFfmpeg } from './run-ffmpeg.js';

export interface VideoProbe {
  width: number;
  height: number;
  /** Frames per second as reported by the container (0 when unknown). */
  fps: number;
  /** Seconds (0 when unknown). */
  duration: number;
  /** Number of frames of the first video stream. */
  frames: number;
}

/** Parse `HH:MM:SS.xx`. */
const seconds = (t: string): number => {
  const [h, m, s] = t.split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
};

/** Read a probe out of the log of `ffmpeg -i FILE -map 0:v:0 ... -f null -` (exported for tests). */
export function parseProbeLog(log: string): Omit<VideoProbe, 'frames'> & { frames?: number } {
  const input = log.split(/\nOutput #/)[0] ?? log;
  const video = /Stream #0:\d+(?:\[[^\]]*\])?(?:\([^)]*\))?: Video: (.*)/.exec(input)?.[1];
  if (!video) return { width: 0, height: 0, fps: 0, duration: 0 };
  const size = /(?:^|[ ,])(\d{1,5})x(\d{1,5})(?=[ ,[]|$)/.exec(video);
  const fps = /([\d.]+)(k?) fps/.exec(video) ?? /([\d.]+)(k?) tbr/.exec(video);
  const duration = /Duration: (\d+:\d+:[\d.]+)/.exec(input)?.[1];
  const progress = [...log.matchAll(/frame=\s*(\d+)/g)].pop()?.[1];
  return {
    width: size ? Number(size[1]) : 0,
    height: size ? Number(size[2]) : 0,
    fps: fps ? Number(fps[1]) * (fps[2] === 'k' ? 1000 : 1) : 0,
    duration: duration ? seconds(duration) : 0,
    ...(progress !== undefined ? { frames: Number(progress) } : {}),
  };
}

/**
 * Size, rate, duration and frame count of the first video stream of `file`. `@ffmpeg-installer`
 * ships no ffprobe, so this runs `ffmpeg -i FILE -map 0:v:0 -c copy -f null -` (demuxes without
 * decoding: fast) and reads the stream line and the final `frame=` count from its log. With
 * `decode: true` the frames are decoded and counted instead (exact for odd containers, slower).
 */
export async function probeVideo(binary: string, file: string, opts: { decode?: boolean } = {}): Promise<VideoProbe> {
  const args = [...firstVideoStream(file), ...(opts.decode ? [] : ['-c', 'copy']), '-f', 'null', '-'];
  const { code, stderr } = await runFfmpeg(binary, args);
  if (code !== 0) throw new TopiclensError(`Cannot read video ${file}: ${ffmpegComplaint(stderr)}`);
  const p = parseProbeLog(stderr);
  if (p.width < 1 || p.height < 1)
    throw new TopiclensError(`Cannot read video ${file}: no video stream found (ffmpeg: ${ffmpegComplaint(stderr)})`);
  let frames = p.frames ?? 0;
  if (frames < 1 && p.duration > 0 && p.fps > 0) frames = Math.round(p.duration * p.fps);
  if (frames < 1) throw new TopiclensError(`Cannot read video ${file}: it has no video frames.`);
  return { width: p.width, height: p.height, fps: p.fps, duration: p.duration, frames };
}
