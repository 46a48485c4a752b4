import { TopiclensError } from '../errors.js';
import { ptbTokenize } from './ptb-tokenize.js';

/** Special tokens and their fixed ids. */
export const PAD = '<pad>';
export const BOS = '<bos>';
export const EOS = '<eos>';
export const UNK = '<unk>';
export const SPECIAL_TOKENS = [PAD, BOS, EOS, UNK] as const;
export const PAD_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
export const UNK_ID = 3;

export interface VocabularyOptions {
  /** Words seen fewer times than this map to `<unk>` (default 1: keep every word). */
  minCount?: number;
  /** Maximum caption length in words, not counting `<bos>`/`<eos>` (default 30); longer captions are cut. */
  maxLength?: number;
  /** Keep at most this many words (most frequent first), besides the special tokens. */
  maxSize?: number;
}

/** The saved form (`vocabulary.json` in a run). */
export interface VocabularyJSON {
  format: 'topiclens-vocabulary';
  version: 1;
  minCount: number;
  maxLength: number;
  /** All tokens by id, special tokens first. */
  words: string[];
  /** Training counts of `words` (0 for special tokens). */
  counts: number[];
}

/**
 * Caption vocabulary: `<pad>`=0, `<bos>`=1, `<eos>`=2, `<unk>`=3, then words by descending
 * training frequency (ties alphabetical, so the ids do not depend on caption order).
 */
export class Vocabulary {
  private readonly index = new Map<string, number>();

  private constructor(
    readonly words: readonly string[],
    readonly counts: readonly number[],
    readonly minCount: number,
    readonly maxLength: number,
  ) {
    words.forEach((w, i) => {
      this.index.set(w, i);
    });
  }

  /** Build from raw caption sentences (tokenized with `ptbTokenize`). */
  static fromCaptions(captions: Iterable<string>, options: VocabularyOptions = {}): Vocabulary {
    const tokenized: string[][] = [];
    for (const c of captions) tokenized.push(ptbTokenize(c));
    return Vocabulary.fromTokens(tokenized, options);
  }

  /** Build from already tokenized captions. */
  static fromTokens(captions: Iterable<readonly string[]>, options: VocabularyOptions = {}): Vocabulary {
    const minCount = options.minCount ?? 1;
    const maxLength = options.maxLength ?? 30;
    if (!Number.isInteger(minCount) || minCount < 1)
      throw new TopiclensError(`vocabulary minCount must be an integer ≥ 1, found ${minCount}`);
    if (!Number.isInteger(maxLength) || maxLength < 1)
      throw new TopiclensError(`vocabulary maxLength must be an integer ≥ 1, found ${maxLength}`);
    const counts = new Map<string, number>();
    let total = 0;
    for (const tokens of captions) {
      for (const t of tokens) {
        if ((SPECIAL_TOKENS as readonly string[]).includes(t)) continue;
        counts.set(t, (counts.get(t) ?? 0) + 1);
        total++;
      }
    }
    if (total === 0) throw new TopiclensError('cannot build a vocabulary: the captions hold no words');
    let kept = [...counts.entries()].filter(([, c]) => c >= minCount);
    kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (options.maxSize !== undefined) kept = kept.slice(0, options.maxSize);
    if (kept.length === 0) {
      throw new TopiclensError(
        `cannot build a vocabulary: no word occurs at least minCount=${minCount} times (the most frequent occurs ${Math.max(...counts.values())} times)`,
      );
    }
    return new Vocabulary([...SPECIAL_TOKENS, ...kept.map(([w]) => w)], [0, 0, 0, 0, ...kept.map(([, c]) => c)], minCount, maxLength);
  }

  static fromJSON(json: unknown, where = 'vocabulary'): Vocabulary {
    const j = json as Partial<VocabularyJSON> | null;
    if (!j || typeof j !== 'object' || j.format !== 'topiclens-vocabulary' || j.version !== 1) {
      throw new TopiclensError(`${where}: not a topiclens vocabulary (expected format "topiclens-vocabulary", version 1)`);
    }
    if (!Array.isArray(j.words) || !Array.isArray(j.counts) || j.words.length !== j.counts.length) {
      throw new TopiclensError(`${where}: "words" and "counts" must be arrays of the same length`);
    }
    SPECIAL_TOKENS.forEach((t, i) => {
      if (j.words![i] !== t) throw new TopiclensError(`${where}: token ${i} must be ${t}, found ${JSON.stringify(j.words![i])}`);
    });
    if (new Set(j.words).size !== j.words.length) throw new TopiclensError(`${where}: "words" holds duplicates`);
    return new Vocabulary(j.words as string[], j.counts as number[], j.minCount ?? 1, j.maxLength ?? 30);
  }

  toJSON(): VocabularyJSON {
    return {
      format: 'topiclens-vocabulary',
      version: 1,
      minCount: this.minCount,
      maxLength: this.maxLength,
      words: [...this.words],
      counts: [...this.counts],
    };
  }

  get size(): number {
    return this.words.length;
  }

  id(word: string): number {
    return this.index.get(word) ?? UNK_ID;
  }

  has(word: string): boolean {
    return this.index.has(word);
  }

  word(id: number): string {
    const w = this.words[id];
    if (w === undefined) throw new RangeError(`token id ${id} is outside the vocabulary (size ${this.size})`);
    return w;
  }

  /** Token ids of a raw sentence: `<bos> w1 … wn <eos>`, words cut to `maxLength`. */
  encode(sentence: string): number[] {
    return this.encodeTokens(ptbTokenize(sentence));
  }

  encodeTokens(tokens: readonly string[]): number[] {
    const ids = [BOS_ID];
    for (const t of tokens.slice(0, this.maxLength)) ids.push(this.id(t));
    ids.push(EOS_ID);
    return ids;
  }

  /**
   * Encode into a fixed-length row of `maxLength + 2` ids padded with `<pad>`=0, plus the number
   * of real tokens (including `<bos>`/`<eos>`).
   */
  encodePadded(sentence: string): { ids: Int32Array; length: number } {
    const ids = this.encode(sentence);
    const row = new Int32Array(this.maxLength + 2);
    row.set(ids);
    return { ids: row, length: ids.length };
  }

  /** Words of an id sequence: stops at `<eos>`, drops `<bos>` and `<pad>`. */
  decode(ids: Iterable<number>): string {
    const out: string[] = [];
    for (const id of ids) {
      if (id === EOS_ID) break;
      if (id === BOS_ID || id === PAD_ID) continue;
      out.push(this.word(id));
    }
    return out.join(' ');
  }
}
