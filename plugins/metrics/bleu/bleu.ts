import { ngramSession } from '../shared/ngrams.js';
import type { PreparedItem } from '../shared/prepare.js';

/**
 * BLEU exactly as pycocoevalcap's `Bleu(4)` with `compute_score(option='closest')`
 * (bleu/bleu_scorer.py):
 * - clipped n-gram counts against the per-ngram maximum over the references;
 * - each precision is (correct + 1e-15) / (guess + 1e-9), and Bleu_n is the n-th root of the
 *   running product of precisions 1..n (so an item with no n-gram match gets a tiny value,
 *   not 0);
 * - effective reference length: the closest reference length, ties to the shorter one;
 * - brevity ratio (testlen + 1e-15) / (reflen + 1e-9); when < 1 every Bleu_n is multiplied by
 *   exp(1 - 1/ratio);
 * - corpus scores use the counts and lengths summed over all items.
 */
const TINY = 1e-15;
const SMALL = 1e-9;

export interface BleuResult {
  /** corpus[k] = Bleu_{k+1} */
  corpus: number[];
  /** items[i][k] = Bleu_{k+1} of item i */
  items: number[][];
}

/** pycocoevalcap's `min((abs(l - testlen), l) for l in reflens)[1]`. */
export function closestRefLength(refLens: readonly number[], testLen: number): number {
  let best = refLens[0]!;
  for (const l of refLens) {
    const d = Math.abs(l - testLen);
    const bd = Math.abs(best - testLen);
    if (d < bd || (d === bd && l < best)) best = l;
  }
  return best;
}

export function bleu(items: readonly PreparedItem[], n = 4): BleuResult {
  const table = ngramSession();
  const grams = items.map((it) => ({ hyp: table.grams(it.hyp, n), refs: it.refs.map((r) => table.grams(r, n)) }));
  const maxCount = new Int32Array(table.size);
  const order = table.order;

  const totalGuess = new Array<number>(n).fill(0);
  const totalCorrect = new Array<number>(n).fill(0);
  let totalTest = 0;
  let totalRef = 0;
  const perItem: number[][] = [];

  for (const g of grams) {
    const touched: number[] = [];
    for (const r of g.refs) {
      for (let j = 0; j < r.ids.length; j++) {
        const id = r.ids[j]!;
        const c = r.counts[j]!;
        if (maxCount[id] === 0) touched.push(id);
        if (c > maxCount[id]!) maxCount[id] = c;
      }
    }
    const testLen = g.hyp.length;
    const refLen = closestRefLength(
      g.refs.map((r) => r.length),
      testLen,
    );
    const correct = new Array<number>(n).fill(0);
    for (let j = 0; j < g.hyp.ids.length; j++) {
      const id = g.hyp.ids[j]!;
      correct[order[id]! - 1]! += Math.min(maxCount[id]!, g.hyp.counts[j]!);
    }
    for (const id of touched) maxCount[id] = 0;

    totalTest += testLen;
    totalRef += refLen;
    const scores: number[] = [];
    let prod = 1;
    for (let k = 0; k < n; k++) {
      const guess = Math.max(0, testLen - k);
      totalGuess[k]! += guess;
      totalCorrect[k]! += correct[k]!;
      prod *= (correct[k]! + TINY) / (guess + SMALL);
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
