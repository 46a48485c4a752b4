import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';

/** A text file decoded as UTF-8, with the 1-based numbers of the lines that are not valid UTF-8. */
export interface Utf8Text {
  text: string;
  invalidLines: number[];
}

/**
 * Read `file` as UTF-8 and find the lines that are not valid UTF-8 (decoding would turn their bytes
 * into U+FFFD; a caption reader must report them with file:line instead). Splitting on the 0x0A
 * byte is safe: it never occurs inside a multi-byte UTF-8 sequence.
 */
export async function readUtf8Text(file: string): Promise<Utf8Text> {
  const bytes = await readFile(file);
  const invalidLines: number[] = [];
  if (!isUtf8(bytes)) {
    let start = 0;
    let line = 1;
    for (;;) {
      const nl = bytes.indexOf(0x0a, start);
      const end = nl < 0 ? bytes.length : nl;
      if (!isUtf8(bytes.subarray(start, end))) invalidLines.push(line);
      if (nl < 0) break;
      start = nl + 1;
      line++;
    }
  }
  return { text: bytes.toString('utf8'), invalidLines };
}
