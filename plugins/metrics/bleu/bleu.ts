import type { PreparedItem } from '../shared/prepare.js';

/**
 * BLEU exactly as pycocoevalcap's `Bleu(4)` with `compute_score(option='closest')`
 * (bleu/bleu_scorer.py):
 * - clipped n-gram counts against the per-ngram maximum over the references;
 * - each precision is (correct + 1e-15) / (guess + 1e-9), and Bleu_n is the running product's
 *   n-th root (so Bleu_n of an item with no n-gram match is tiny, not 0);
 * - effective reference length: the closest reference length, ties to the shorter one;
 * - brevity ratio (testlen + 1e-15) / (reflen + 1e-9); when < 1 every Bleu_n is multiplied by
 *   exp(1 - 1/ratio);
 * - corpus scores use the summed counts and summed lengths over all items.
 */
const TINY = 1e-15;
const SMALL = 1e-9;

export interface BleuResult {
  /** corpus[k] = Bleu_{k+1} */
  corpus: number[];
  /** items[i][k] = Bleu_{k+1} of item i */
  items: number[][];
}

function ngramCounts(words: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let k = 1; k <= n; k++) {
    for (let i = 0; i + k <= words.length; i++) {
      const g = k === 1 ? words[i]! : words.slice(i, i + k).join(' ');
      const key = `${k}\u0000${g}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

export function bleu(items: readonly PreparedItem[], n = 4): BleuResult {
  const totalGuess = new Array<number>(n).fill(0);
  const totalCorrect = new Array<number>(n).fill(0);
  let totalTest = 0;
  let totalRef = 0;
  const perItem: number[][] = [];

  for (const item of items) {
    const maxCounts = new Map<string, number>();
    const refLens: number[] = [];
    for (const ref of item.refs) {
      refLens.push(ref.length);
      for (const [g, c] of ngramCounts(ref, n)) {
        const m = maxCounts.get(g);
        if (m === undefined || c > m) maxCounts.set(g, c);
      }
    }
    const testLen = item.hyp.length;
    // min over (|l - testlen|, l): closest length, ties to the shorter reference.
    let refLen = refLens[0]!;
    for (const l of refLens) {
      const d = Math.abs(l - testLen);
      const best = Math.abs(refLen - testLen);
      if (d < best || (d === best && l < refLen)) refLen = l;
    }
    const guess = new Array<number>(n);
    for (let k = 0; k < n; k++) guess[k] = Math.max(0, testLen - k);
    const correct = new Array<number>(n).fill(0);
    for (const [g, c] of ngramCounts(item.hyp, n)) {
      const k = Number(g.slice(0, g.indexOf('\u0000'))) - 1;
      correct[k] += Math.min(maxCounts.get(g) ?? 0, c);
    }

    totalTest += testLen;
    totalRef += refLen;
    const scores: number[] = [];
    let prod = 1;
    for (let k = 0; k < n; k++) {
      totalGuess[k] += guess[k]!;
      totalCorrect[k] += correct[k]!;
      prod *= (correct[k]! + TINY) / (guess[k]! + SMALL);
      scores.push(prod ** (1 / (k + 1)));
    }
    const ratio = (testLen + TINY) / (refLen + SMALL);
    if (ratio < 1) {
      const bp = Math.exp(1 - 1 / ratio);
      for (let k = 0; k < n; k++) scores[k]! *= bp;
    }
    perItem.push(scores);
  }

  const corpus: number[] = [];
  let prod = 1;
  for (let k = 0; k < n; k++) {
    prod *= (totalCorrect[k]! + TINY) / (totalGuess[k]! + SMALL);
    corpus.push(prod ** (1 / (k + 1)));
  }
  const ratio = (totalTest + TINY) / (totalRef + SMALL);
  if (ratio < 1) {
    const bp = Math.exp(1 - 1 / ratio);
    for (let k = 0; k < n; k++) corpus[k]! *= bp;
  }
  return { corpus, items: perItem };
}
