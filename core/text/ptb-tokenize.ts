/**
 * Caption tokenization as coco-caption does it: Stanford PTBTokenizer (lowercased), then the
 * punctuation tokens coco-caption drops are removed. Already-tokenized lowercase text (words
 * separated by single spaces, no punctuation) passes through unchanged.
 */
const DROPPED = new Set(["''", "'", '``', '`', '-lrb-', '-rrb-', '-lcb-', '-rcb-', '.', '?', '!', ',', ':', '-', '--', '...', ';']);

const CLITICS = /^(.+?)('s|'re|'ll|'d|'ve|'m|n't)$/;

/** Split one whitespace-free chunk the way PTB does for the common cases. */
function splitChunk(chunk: string, out: string[]): void {
  // Separate leading and trailing punctuation.
  const m = /^([("'`[{]*)(.*?)([)"'`\]}.,;:?!]*)$/s.exec(chunk);
  const lead = m?.[1] ?? '';
  let core = m?.[2] ?? chunk;
  let trail = m?.[3] ?? '';
  // Keep an apostrophe that belongs to a clitic/possessive ("dogs'") with the word.
  if (trail.startsWith("'") && /s$/.test(core)) {
    core += "'";
    trail = trail.slice(1);
  }
  for (const ch of lead) out.push(ch);
  if (core) {
    for (const piece of core.split(/(?<=[a-z0-9])(?=[,;:?!])|(?<=[,;:?!])(?=[a-z0-9])/)) {
      const c = CLITICS.exec(piece);
      if (c && c[1]) {
        out.push(c[1], c[2]!);
      } else if (piece) {
        out.push(piece);
      }
    }
  }
  if (trail === '...') out.push('...');
  else for (const ch of trail) out.push(ch);
}

/** Lowercase and tokenize one sentence; returns its tokens without coco-caption's dropped punctuation. */
export function ptbTokenize(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.toLowerCase().trim().split(/\s+/)) {
    if (chunk) splitChunk(chunk, out);
  }
  return out.filter((t) => !DROPPED.has(t));
}
