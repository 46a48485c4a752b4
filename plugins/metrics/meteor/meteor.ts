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

/** NLTK's meteor_score defaults. */
export const NLTK_METEOR_PARAMS: MeteorParams = { alpha: 0.9, beta: 3, gamma: 0.5 };

/**
 * One greedy matching pass of NLTK's `_match_enums` / `_enum_wordnetsyn_match` over the
 * still-unmatched positions `hi` (hypothesis) and `ri` (reference), both in increasing order;
 * matched positions are removed from them and appended to `matches` as [hyp, ref].
 */
function matchPass(hi: number[], ri: number[], matches: [number, number][], same: (h: number, r: number) => boolean): void {
  for (let i = hi.length - 1; i >= 0; i--) {
    for (let j = ri.length - 1; j >= 0; j--) {
      if (same(hi[i]!, ri[j]!)) {
        matches.push([hi[i]!, ri[j]!]);
        hi.splice(i, 1);
        ri.splice(j, 1);
        break;
      }
    }
  }
}

export class MeteorScorer {
  private readonly stems = new Map<string, string>();

  constructor(
    private readonly wordnet: () => WordNet,
    private readonly params: MeteorParams = NLTK_METEOR_PARAMS,
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
    return this.singleLowered(this.lower(reference), this.lower(hypothesis));
  }

  /** Python's str.lower per token (memoised per token array). */
  private readonly lowered = new WeakMap<readonly string[], readonly string[]>();
  private lower(tokens: readonly string[]): readonly string[] {
    let l = this.lowered.get(tokens);
    if (!l) {
      l = tokens.map((w) => w.toLowerCase());
      this.lowered.set(tokens, l);
    }
    return l;
  }

  private singleLowered(refWords: readonly string[], hypWords: readonly string[]): number {
    const { alpha, beta, gamma } = this.params;
    const translationLength = hypWords.length;
    const referenceLength = refWords.length;
    if (translationLength === 0 || referenceLength === 0) return 0;

    const matches: [number, number][] = [];
    const hi = Array.from({ length: translationLength }, (_, i) => i);
    const ri = Array.from({ length: referenceLength }, (_, i) => i);
    // Stage 1: exact.
    matchPass(hi, ri, matches, (h, r) => hypWords[h] === refWords[r]);
    // Stage 2: Porter stems of what is left; NLTK carries the *stemmed* words into stage 3.
    if (hi.length && ri.length) {
      const hs = hypWords.map((w) => this.stem(w));
      const rs = refWords.map((w) => this.stem(w));
      matchPass(hi, ri, matches, (h, r) => hs[h] === rs[r]);
      // Stage 3: the (stemmed) reference word is a lemma name of the (stemmed) hypothesis word's synsets.
      if (hi.length && ri.length) {
        const wn = this.wordnet();
        matchPass(hi, ri, matches, (h, r) => wn.synonyms(hs[h]!).has(rs[r]!));
      }
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
    const hyp = this.lower(hypothesis);
    let best = -Infinity;
    for (const r of references) best = Math.max(best, this.singleLowered(this.lower(r), hyp));
    return best;
  }

  items(items: readonly PreparedItem[]): number[] {
    return items.map((it) => this.score(it.refs, it.hyp));
  }
}
