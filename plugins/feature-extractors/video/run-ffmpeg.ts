import { spawn } from 'node:child_process';
import { TopiclensError } from '../../../core/errors.js';

export interface FfmpegResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * The ffmpeg arguments that open the first video stream of `file` as stored (no banner, no
 * stdin, no rotation from metadata), for probing and decoding alike.
 */
export const firstVideoStream = (file: string): string[] => ['-hide_banner', '-nostdin', '-noautorotate', '-i', file, '-map', '0:v:0'];

/** Run ffmpeg with `args`; collect stdout (raw frames) and stderr (log). Never rejects on a non-zero exit. */
export function runFfmpeg(binary: string, args: string[]): Promise<FfmpegResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      reject(
        new TopiclensError(`Cannot run ffmpeg at ${binary}: ${e.message}. Set the extractor option "ffmpeg" to a working ffmpeg binary.`),
      );
    });
    child.on('close', (code) => resolvePromise({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** The last meaningful lines of an ffmpeg log, for error messages. */
export function ffmpegComplaint(stderr: string): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter(
      (l) => l && !/^(frame=|video:|Press \[q\]|Stream mapping|Stream #|Input #|Output #|Metadata|encoder|Duration|Side data)/.test(l),
    );
  return lines.slice(-2).join(' / ') || 'no error message';
}
