/**
 * Caption tokenization as coco-caption's evaluation does it: Stanford PTBTokenizer
 * (CoreNLP 3.4.1, `-preserveLines -lowerCase`), then coco-caption drops these punctuation
 * tokens: '' ' `` ` -lrb- -rrb- -lcb- -rcb- . ? ! , : - -- ... ;
 *
 * This is a pure-TypeScript approximation of the PTB rules that matter for captions:
 * - lowercases; splits on whitespace (Python's and JavaScript's whitespace both);
 * - splits off leading ( [ { " ' ` $ # and trailing ) ] } " ' . , ; : ? ! % (so "5%" → 5 %,
 *   "$5" → $ 5, "dogs'" → dogs), and , ; ? ! between letters ("hello,world"); brackets become
 *   -lrb- -rrb- -lsb- -rsb- -lcb- -rcb- (coco-caption keeps -lsb-/-rsb-: a quirk kept here);
 *   "..." / "…" is one token; – and — become "--";
 * - keeps periods of abbreviations ("u.s.", "a.m.", "mr.", "dr.", ...) and numbers ("3.5",
 *   "1,000", "3:30"), hyphenated words ("t-shirt"), "&" and "/" inside words (PTB3 would
 *   write "and\/or"; not reproduced);
 * - splits clitics: n't 's 're 'll 'd 've 'm ("can't" → ca n't, "man's" → man 's) and
 *   cannot/gonna/gotta/wanna/lemme/gimme (→ can not, gon na, got ta, wan na, lem me, gim me);
 * - then removes coco-caption's punctuation tokens listed above: what is stripped is every
 *   bracket, quote, period, comma, colon, semicolon, question/exclamation mark, lone hyphen
 *   or dash and ellipsis that stands as its own token.
 * Already-tokenized lowercase text (tokens separated by spaces, e.g. coco-caption's own
 * output, including "n't", "'s", "u.s.") passes through unchanged.
 */
const DROPPED = new Set(["''", "'", '``', '`', '-lrb-', '-rrb-', '-lcb-', '-rcb-', '.', '?', '!', ',', ':', '-', '--', '...', ';']);

/** Python str.split() whitespace ∪ JavaScript \s. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: \x1c-\x1f are whitespace to Python's str.split(), which this tokenizer reproduces.
const WS = /[\s\x1c-\x1f\x85]+/;
const SIMPLE = /^[a-z0-9]+$/;
const CLITIC_TOKENS = new Set(["'s", "n't", "'re", "'ll", "'d", "'ve", "'m"]);
const CLITIC = /^(.+?)(n't|'s|'re|'ll|'d|'ve|'m)$/;
const SPLIT_WORDS: Record<string, [string, string]> = {
  cannot: ['can', 'not'],
  gonna: ['gon', 'na'],
  gotta: ['got', 'ta'],
  wanna: ['wan', 'na'],
  lemme: ['lem', 'me'],
  gimme: ['gim', 'me'],
};
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'jr',
  'sr',
  'prof',
  'vs',
  'etc',
  'inc',
  'ltd',
  'co',
  'corp',
  'mt',
  'ft',
  'no',
  'jan',
  'feb',
  'aug',
  'sept',
  'oct',
  'nov',
  'dec',
]);
/** PTB3 bracket escapes. coco-caption drops -lrb- -rrb- -lcb- -rcb- but keeps -lsb- -rsb-. */
const BRACKETS: Record<string, string> = { '(': '-lrb-', ')': '-rrb-', '[': '-lsb-', ']': '-rsb-', '{': '-lcb-', '}': '-rcb-' };
const LEAD = new Set(['(', '[', '{', '"', "'", '`', '$', '#']);
const TRAIL = new Set([')', ']', '}', '"', "'", '.', ',', ';', ':', '?', '!', '%']);

function pushWord(word: string, out: string[]): void {
  if (CLITIC_TOKENS.has(word)) {
    out.push(word);
    return;
  }
  const split = SPLIT_WORDS[word];
  if (split) {
    out.push(split[0], split[1]);
    return;
  }
  const c = CLITIC.exec(word);
  if (c) {
    pushWord(c[1]!, out);
    out.push(c[2]!);
    return;
  }
  out.push(word);
}

/** Split a whitespace-free chunk (already lowercased, quotes/dashes normalised). */
function splitChunk(chunk: string, out: string[]): void {
  if (SIMPLE.test(chunk) || CLITIC_TOKENS.has(chunk)) {
    pushWord(chunk, out);
    return;
  }
  let start = 0;
  let end = chunk.length;
  // Leading punctuation.
  while (start < end && LEAD.has(chunk[start]!) && !CLITIC_TOKENS.has(chunk.slice(start, end))) {
    const ch = chunk[start]!;
    if (ch === '`' && chunk[start + 1] === '`') {
      out.push('``');
      start += 2;
    } else {
      out.push(BRACKETS[ch] ?? (ch === '"' ? '``' : ch === "'" ? '`' : ch));
      start += 1;
    }
  }
  // Trailing punctuation (collected, emitted after the core).
  const trail: string[] = [];
  while (end > start) {
    const rest = chunk.slice(start, end);
    if (rest.endsWith('...') && end - 3 >= start) {
      trail.unshift('...');
      end -= 3;
      continue;
    }
    const ch = chunk[end - 1]!;
    if (!TRAIL.has(ch)) break;
    if (ch === '.') {
      const core = chunk.slice(start, end - 1);
      // Abbreviations keep their period: u.s. a.m. mr.
      if (/^([a-z]\.)+[a-z]$/.test(core) || ABBREVIATIONS.has(core)) break;
    }
    trail.unshift(BRACKETS[ch] ?? (ch === '"' ? "''" : ch));
    end -= 1;
  }
  const core = chunk.slice(start, end);
  if (core) {
    // , ; ? ! between non-digits split; keep 1,000 and 3:30.
    for (const piece of core.split(/(?<=[^\d,;?!])([,;?!])|([,;?!])(?=[^\d,;?!])/).filter((p) => p !== undefined && p !== '')) {
      pushWord(piece, out);
    }
  }
  for (const t of trail) out.push(t);
}

/** Lowercase and tokenize one sentence; returns its tokens without coco-caption's dropped punctuation. */
export function ptbTokenize(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  if (/^[a-z0-9 ]*$/.test(lower)) {
    for (const t of lower.split(' ')) if (t) pushWord(t, out);
    return out;
  }
  const normalised = lower
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, ' " ')
    .replace(/[\u2018\u2019\u201a]/g, "'")
    .replace(/\u2026/g, ' ... ')
    .replace(/[\u2013\u2014]/g, ' -- ');
  for (const chunk of normalised.split(WS)) {
    if (chunk) splitChunk(chunk, out);
  }
  return out.filter((t) => !DROPPED.has(t));
}
