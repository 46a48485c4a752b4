import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TopiclensError } from '../../../core/errors.js';
import { decodeFrames } from './decode.js';
import { ffmpegPath } from './ffmpeg-path.js';
import { parseProbeLog, probeVideo } from './probe.js';
import { runFfmpeg } from './run-ffmpeg.js';
import { sampleIndices } from './sample.js';
import { indexColour, writeIndexVideo, writeTestsrcVideo } from '../../../test/support/feature-extractors/test-videos.js';

let dir: string;
const ffmpeg = ffmpegPath();
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tl-video-'));
  await writeIndexVideo(join(dir, 'index.avi'), 75, 64, 48); // 3 s at 25 fps
  await writeTestsrcVideo(join(dir, 'testsrc.avi'), 3, 64, 48);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('sampleIndices', () => {
  it('takes the centre frame of n equal segments', () => {
    expect(sampleIndices(75, 5)).toEqual([7, 22, 37, 52, 67]);
    expect(sampleIndices(28, 28)).toEqual(Array.from({ length: 28 }, (_, i) => i));
    expect(sampleIndices(2, 4)).toEqual([0, 0, 1, 1]);
    expect(sampleIndices(1, 3)).toEqual([0, 0, 0]);
    const s = sampleIndices(300, 28);
    expect(s[0]).toBe(5); // floor(0.5 * 300 / 28)
    expect(s[27]).toBe(294); // floor(27.5 * 300 / 28)
  });
});

describe('probeVideo', () => {
  it('reads size, rate, duration and frame count', async () => {
    expect(await probeVideo(ffmpeg, join(dir, 'index.avi'))).toEqual({ width: 64, height: 48, fps: 25, duration: 3, frames: 75 });
    expect(await probeVideo(ffmpeg, join(dir, 'testsrc.avi'), { decode: true })).toMatchObject({ width: 64, height: 48, frames: 75 });
  });
  it('parses a stream line with language tag and SAR', () => {
    const log = `Input #0, mpeg, from 'x.mpg':\n  Duration: 00:00:06.47, start: 0.5, bitrate: 1 kb/s\n    Stream #0:0[0x1e0](eng): Video: mpeg1video, yuv420p(tv), 320x240 [SAR 1:1 DAR 4:3], 29.97 fps, 29.97 tbr\nOutput #0, null\nframe=  194 fps=0.0`;
    expect(parseProbeLog(log)).toEqual({ width: 320, height: 240, fps: 29.97, duration: 6.47, frames: 194 });
  });
});

describe('decodeFrames', () => {
  it('returns n frames whose content is the frame at the expected index', async () => {
    const out = await decodeFrames(join(dir, 'index.avi'), { ffmpeg, frames: 28 });
    expect([out.frames, out.width, out.height, out.data.length]).toEqual([28, 64, 48, 28 * 64 * 48 * 3]);
    expect(out.indices).toEqual(sampleIndices(75, 28));
    const frameBytes = 64 * 48 * 3;
    for (let k = 0; k < 28; k++) {
      const expected = indexColour(out.indices[k]!);
      // first pixel and a pixel in the middle of the frame
      for (const p of [0, 48 * 32 + 31])
        expect(Array.from(out.data.subarray(k * frameBytes + p * 3, k * frameBytes + p * 3 + 3))).toEqual(expected);
    }
  });

  it('repeats frames when the video has fewer than n', async () => {
    const file = join(dir, 'short.avi');
    await writeIndexVideo(file, 3, 16, 8);
    const out = await decodeFrames(file, { ffmpeg, frames: 6 });
    expect(out.indices).toEqual([0, 0, 1, 1, 2, 2]);
    expect(Array.from({ length: 6 }, (_, k) => out.data[k * 16 * 8 * 3])).toEqual([0, 0, 3, 3, 6, 6]);
  });

  it('matches a full decode of a lossy MPEG-4 testsrc video, also when scaled', async () => {
    const file = join(dir, 'testsrc.avi');
    const all = await runFfmpeg(ffmpeg, ['-hide_banner', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-vsync', '0', 'pipe:1']);
    const frameBytes = 64 * 48 * 3;
    expect(all.stdout.length).toBe(75 * frameBytes);
    const out = await decodeFrames(file, { ffmpeg, frames: 5 });
    for (let k = 0; k < 5; k++) {
      const idx = out.indices[k]!;
      expect(
        Buffer.from(out.data.subarray(k * frameBytes, (k + 1) * frameBytes)).equals(
          all.stdout.subarray(idx * frameBytes, (idx + 1) * frameBytes),
        ),
      ).toBe(true);
    }
    // consecutive testsrc frames differ (its counter and moving bar), so an off-by-one would fail above
    expect(all.stdout.subarray(7 * frameBytes, 8 * frameBytes).equals(all.stdout.subarray(8 * frameBytes, 9 * frameBytes))).toBe(false);
    const scaled = await decodeFrames(join(dir, 'index.avi'), { ffmpeg, frames: 3, size: { width: 32, height: 32 } });
    expect([scaled.width, scaled.height, scaled.data.length]).toEqual([32, 32, 3 * 32 * 32 * 3]);
    expect(Array.from(scaled.data.subarray(32 * 32 * 3 + 100 * 3, 32 * 32 * 3 + 100 * 3 + 3))).toEqual(indexColour(37));
  });

  it('names the file of a broken or missing video', async () => {
    const junk = join(dir, 'junk.avi');
    await writeFile(junk, Buffer.from('this is not a video at all, just some bytes'.repeat(20)));
    await expect(decodeFrames(junk, { ffmpeg, frames: 4 })).rejects.toThrow(TopiclensError);
    await expect(decodeFrames(junk, { ffmpeg, frames: 4 })).rejects.toThrow(`Cannot read video ${junk}`);
    await expect(decodeFrames(join(dir, 'missing.avi'), { ffmpeg, frames: 4 })).rejects.toThrow(/missing\.avi: .*No such file/);
    const truncated = join(dir, 'truncated.avi');
    await writeFile(truncated, (await readFile(join(dir, 'testsrc.avi'))).subarray(0, 300));
    await expect(decodeFrames(truncated, { ffmpeg, frames: 4 })).rejects.toThrow(truncated);
    await expect(decodeFrames(junk, { ffmpeg: '/nonexistent/ffmpeg', frames: 4 })).rejects.toThrow(
      /Cannot run ffmpeg at \/nonexistent\/ffmpeg/,
    );
  });
});
