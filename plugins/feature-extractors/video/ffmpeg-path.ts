import { createRequire } from 'node:module';
import { TopiclensError } from '../../../core/errors.js';
import { optionalPackageError } from '../../../core/optional-dependency.js';

/**
 * The ffmpeg binary to run: `configured` (an option such as `"ffmpeg": "/usr/bin/ffmpeg"`),
 * else `$TOPICLENS_FFMPEG`, else the binary shipped by the npm package `@ffmpeg-installer/ffmpeg`.
 */
export function ffmpegPath(configured?: string): string {
  if (configured) return configured;
  if (process.env.TOPICLENS_FFMPEG) return process.env.TOPICLENS_FFMPEG;
  const require = createRequire(import.meta.url);
  try {
    require.resolve('@ffmpeg-installer/ffmpeg');
  } catch (err) {
    throw optionalPackageError('@ffmpeg-installer/ffmpeg', 'Decoding videos (no "ffmpeg" option, no $TOPICLENS_FFMPEG)', err);
  }
  try {
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch (err) {
    throw new TopiclensError(
      `No ffmpeg binary: the package @ffmpeg-installer/ffmpeg has none for ${process.platform}-${process.arch} (${(err as Error).message}). ` +
        'Install ffmpeg and set the extractor option "ffmpeg" (or $TOPICLENS_FFMPEG) to its path.',
    );
  }
}
