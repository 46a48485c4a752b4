import { readFile } from 'node:fs/promises';
import type { Split } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';

const SPLIT_NAMES: readonly string[] = ['train', 'val', 'test'];

/**
 * Read a split file: one `<id> <split>` pair per line (whitespace-separated; `#` starts a
 * comment), split one of train / val / test (`validation` and `dev` mean val). An unknown split
 * name, a malformed line or an id listed twice is an error naming the file and line.
 */
export async function readSplitFile(file: string): Promise<Map<string, Split>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new TopiclensError(`${file}: cannot read the split file (${(e as Error).message})`);
  }
  const out = new Map<string, Split>();
  const firstLine = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const parts = line.split(/\s+/);
    if (parts.length !== 2) {
      throw new TopiclensError(`${file}:${i + 1}: expected "<id> <split>", found ${JSON.stringify(raw.trim())}`);
    }
    const [id, rawSplit] = parts as [string, string];
    const name = rawSplit.toLowerCase() === 'validation' || rawSplit.toLowerCase() === 'dev' ? 'val' : rawSplit.toLowerCase();
    if (!SPLIT_NAMES.includes(name)) {
      throw new TopiclensError(`${file}:${i + 1}: unknown split "${rawSplit}" for ${id}; use train, val or test`);
    }
    if (firstLine.has(id)) {
      throw new TopiclensError(`${file}:${i + 1}: ${id} is listed again (first on line ${firstLine.get(id)})`);
    }
    firstLine.set(id, i + 1);
    out.set(id, name as Split);
  });
  if (out.size === 0) throw new TopiclensError(`${file}: the split file lists no videos`);
  return out;
}
