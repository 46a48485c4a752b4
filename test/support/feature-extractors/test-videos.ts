import { spawn } from 'node:child_process';
import { ffmpegPath } from '../../../plugins/feature-extractors/video/ffmpeg-path.js';

/** Colour of frame `k` in the synthetic "index" video: every pixel encodes the frame index. */
export const indexColour = (k: number): [number, number, number] => [(k * 3) % 256, (255 - k * 3 + 256) % 256, (k * 7) % 256];

function ffmpegWithInput(args: string[], input?: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), args, { stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed (${code}): ${log.slice(-500)}`))));
    if (input && child.stdin) child.stdin.end(input);
  });
}

/**
 * A lossless (FFV1) AVI whose frame k is a solid colour `indexColour(k)`, so a decoded frame
 * tells which frame it was.
 */
export async function writeIndexVideo(file: string, frames: number, width: number, height: number, fps = 25): Promise<void> {
  const raw = new Uint8Array(frames * width * height * 3);
  for (let k = 0; k < frames; k++) {
    const [r, g, b] = indexColour(k);
    for (let p = 0; p < width * height; p++) raw.set([r, g, b], (k * width * height + p) * 3);
  }
  await ffmpegWithInput(
    [
      '-hide_banner',
      '-y',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      `${width}x${height}`,
      '-r',
      String(fps),
      '-i',
      'pipe:0',
      '-c:v',
      'ffv1',
      '-pix_fmt',
      'bgr0',
      file,
    ],
    raw,
  );
}

/** A lavfi `testsrc` video (MPEG-4 part 2, like MSVD's .avi files). */
export async function writeTestsrcVideo(file: string, seconds: number, width: number, height: number, fps = 25): Promise<void> {
  await ffmpegWithInput([
    '-hide_banner',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=${width}x${height}:rate=${fps}:duration=${seconds}`,
    '-c:v',
    'mpeg4',
    '-q:v',
    '2',
    file,
  ]);
}
