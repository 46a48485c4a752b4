import type { PreparedItem } from '../shared/prepare.js';

/**
 * ROUGE-L exactly as pycocoevalcap's `Rouge` (rouge/rouge.py):
 * precision = LCS / |hyp|, recall = LCS / |ref| per reference; the maxima of precision and of
 * recall are taken separately over the references, then
 * F = (1 + β²) P R / (R + β² P) with β = 1.2 (0 when either maximum is 0).
 * pycocoevalcap splits the tokenized caption with `split(" ")`, so an empty caption is one
 * empty token: an empty hypothesis scored against an empty reference gets 1 (kept for parity).
 */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  let prev = new Int32Array(short.length + 1);
  let cur = new Int32Array(short.length + 1);
  for (let i = 1; i <= long.length; i++) {
    const w = long[i - 1];
    for (let j = 1; j <= short.length; j++) {
      cur[j] = w === short[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[short.length]!;
}

/** `" ".join(tokens).split(" ")` */
const pySplit = (tokens: readonly string[]): readonly string[] => (tokens.length === 0 ? [''] : tokens);

/** pycocoevalcap's recall weight of the F-measure. */
export const ROUGE_L_BETA = 1.2;

export function rougeL(hyp: readonly string[], refs: readonly (readonly string[])[], beta = ROUGE_L_BETA): number {
  const c = pySplit(hyp);
  let precMax = 0;
  let recMax = 0;
  for (const ref of refs) {
    const r = pySplit(ref);
    const lcs = lcsLength(r, c);
    precMax = Math.max(precMax, lcs / c.length);
    recMax = Math.max(recMax, lcs / r.length);
  }
  if (precMax !== 0 && recMax !== 0) {
    return ((1 + beta ** 2) * precMax * recMax) / (recMax + beta ** 2 * precMax);
  }
  return 0;
}

export function rougeLItems(items: readonly PreparedItem[], beta = ROUGE_L_BETA): number[] {
  return items.map((it) => rougeL(it.hyp, it.refs, beta));
}
