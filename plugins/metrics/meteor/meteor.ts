import type { PreparedItem } from '../shared/prepare.js';
import { porterStem } from './porter.js';
import type { WordNet } from './wordnet.js';

/**
 * METEOR exactly as NLTK 3.8 `nltk.translate.meteor_score.meteor_score` (alpha 0.9, beta 3,
 * gamma 0.5): words are aligned in three greedy stages — exact, Porter stem, WordNet synonym —
 * each walking the hypothesis from its last word to its first and, for each, the remaining
 * reference words from last to first, taking the first match (a synonym match means the
 * *reference* word is a lemma name of one of the *hypothesis* word's synsets). Matches are
 * sorted by hypothesis position to count chunks; score = (1 − γ (chunks/matches)^β) · F_mean
 * with F_mean = P R / (α P + (1 − α) R); 0 when nothing matches or either side is empty.
 * Multiple references: the maximum over references. Corpus: mean over items.
 */
export interface MeteorParams {
  alpha: number;
  beta: number;
  gamma: number;
}

type Enum = [index: number, word: string][];

function matchEnums(hyp: Enum, ref: Enum, matches: [number, number][], same: (h: string, r: string) => boolean): void {
  for (let i = hyp.length - 1; i >= 0; i--) {
    for (let j = ref.length - 1; j >= 0; j--) {
      if (same(hyp[i]![1], ref[j]![1])) {
        matches.push([hyp[i]![0], ref[j]![0]]);
        hyp.splice(i, 1);
        ref.splice(j, 1);
        break;
      }
    }
  }
}

export class MeteorScorer {
  private readonly stems = new Map<string, string>();

  constructor(
    private readonly wordnet: () => WordNet,
    private readonly params: MeteorParams = { alpha: 0.9, beta: 3, gamma: 0.5 },
  ) {}

  private stem(w: string): string {
    let s = this.stems.get(w);
    if (s === undefined) {
      s = porterStem(w);
      this.stems.set(w, s);
    }
    return s;
  }

  /** NLTK `single_meteor_score(reference, hypothesis)` on token lists. */
  single(reference: readonly string[], hypothesis: readonly string[]): number {
    const { alpha, beta, gamma } = this.params;
    const hypWords = hypothesis.map((w) => w.toLowerCase());
    const refWords = reference.map((w) => w.toLowerCase());
    const translationLength = hypWords.length;
    const referenceLength = refWords.length;
    if (translationLength === 0 || referenceLength === 0) return 0;

    const matches: [number, number][] = [];
    // Stage 1: exact.
    let hyp: Enum = hypWords.map((w, i) => [i, w]);
    let ref: Enum = refWords.map((w, i) => [i, w]);
    matchEnums(hyp, ref, matches, (a, b) => a === b);
    // Stage 2: Porter stems of what is left (the stemmed words carry into stage 3, as in NLTK).
    if (hyp.length && ref.length) {
      hyp = hyp.map(([i, w]) => [i, this.stem(w)]);
      ref = ref.map(([i, w]) => [i, this.stem(w)]);
      matchEnums(hyp, ref, matches, (a, b) => a === b);
    }
    // Stage 3: WordNet synonyms of the (stemmed) hypothesis word contain the (stemmed) reference word.
    if (hyp.length && ref.length) {
      const wn = this.wordnet();
      matchEnums(hyp, ref, matches, (h, r) => wn.synonyms(h).has(r));
    }

    const count = matches.length;
    if (count === 0) return 0;
    matches.sort((a, b) => a[0] - b[0]);
    let chunks = 1;
    for (let i = 0; i < matches.length - 1; i++) {
      if (!(matches[i + 1]![0] === matches[i]![0] + 1 && matches[i + 1]![1] === matches[i]![1] + 1)) chunks++;
    }
    const precision = count / translationLength;
    const recall = count / referenceLength;
    const fmean = (precision * recall) / (alpha * precision + (1 - alpha) * recall);
    const penalty = gamma * (chunks / count) ** beta;
    return (1 - penalty) * fmean;
  }

  /** NLTK `meteor_score(references, hypothesis)`: the best single-reference score. */
  score(references: readonly (readonly string[])[], hypothesis: readonly string[]): number {
    let best = -Infinity;
    for (const r of references) best = Math.max(best, this.single(r, hypothesis));
    return best;
  }

  items(items: readonly PreparedItem[]): number[] {
    return items.map((it) => this.score(it.refs, it.hyp));
  }
}
