/**
 * N-gram interning for the count-based metrics: every distinct n-gram of a scoring call gets a
 * small integer id (a trie over word ids, stored in an open-addressing hash table), so counts
 * and tf-idf vectors live in typed arrays instead of string-keyed maps.
 */
export interface SentenceGrams {
  /** distinct n-gram ids in Python-dict insertion order (all 1-grams by position, then 2-grams, ...) */
  ids: Int32Array;
  counts: Int32Array;
  /** number of words */
  length: number;
}

export class NgramTable {
  private readonly words = new Map<string, number>();
  private keyA = new Int32Array(1 << 16);
  private keyB = new Int32Array(1 << 16);
  private vals = new Int32Array(1 << 16);
  private used = 0;
  /** order (1..n) of each id; id 0 is the trie root */
  order = new Uint8Array(1 << 16);
  size = 1;
  private scratch = new Int32Array(1 << 16);

  private wordId(w: string): number {
    let id = this.words.get(w);
    if (id === undefined) {
      id = this.words.size;
      this.words.set(w, id);
    }
    return id;
  }

  private child(prefix: number, word: number, order: number): number {
    const mask = this.vals.length - 1;
    let h = (Math.imul(prefix, 0x9e3779b1) ^ Math.imul(word + 1, 0x85ebca6b)) & mask;
    for (;;) {
      const v = this.vals[h]!;
      if (v === 0) break;
      if (this.keyA[h] === prefix && this.keyB[h] === word) return v;
      h = (h + 1) & mask;
    }
    const id = this.size++;
    this.vals[h] = id;
    this.keyA[h] = prefix;
    this.keyB[h] = word;
    if (id >= this.order.length) {
      const o = new Uint8Array(this.order.length * 2);
      o.set(this.order);
      this.order = o;
    }
    this.order[id] = order;
    if (++this.used * 2 > this.vals.length) this.grow();
    return id;
  }

  private grow(): void {
    const { keyA, keyB, vals } = this;
    const cap = vals.length * 2;
    this.keyA = new Int32Array(cap);
    this.keyB = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    const mask = cap - 1;
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i]!;
      if (v === 0) continue;
      let h = (Math.imul(keyA[i]!, 0x9e3779b1) ^ Math.imul(keyB[i]! + 1, 0x85ebca6b)) & mask;
      while (this.vals[h] !== 0) h = (h + 1) & mask;
      this.vals[h] = v;
      this.keyA[h] = keyA[i]!;
      this.keyB[h] = keyB[i]!;
    }
  }

  private prev = new Int32Array(256);
  private wids = new Int32Array(256);
  private readonly memo = new Map<number, WeakMap<readonly string[], SentenceGrams>>();

  /** Counts of all 1..n-grams of a token list (memoised per token array identity). */
  grams(tokens: readonly string[], n: number): SentenceGrams {
    let memo = this.memo.get(n);
    if (!memo) {
      memo = new WeakMap();
      this.memo.set(n, memo);
    }
    let g = memo.get(tokens);
    if (!g) {
      g = this.count(tokens, n);
      memo.set(tokens, g);
    }
    return g;
  }

  private count(tokens: readonly string[], n: number): SentenceGrams {
    const len = tokens.length;
    if (len > this.prev.length) {
      this.prev = new Int32Array(len * 2);
      this.wids = new Int32Array(len * 2);
    }
    const prev = this.prev; // ids of the (k-1)-grams starting at each position; root = 0
    const wids = this.wids;
    prev.fill(0, 0, len);
    for (let i = 0; i < len; i++) wids[i] = this.wordId(tokens[i]!);
    const ids: number[] = [];
    for (let k = 1; k <= n; k++) {
      for (let i = 0; i + k <= len; i++) {
        const id = this.child(prev[i]!, wids[i + k - 1]!, k);
        prev[i] = id;
        if (id >= this.scratch.length) {
          const s = new Int32Array(Math.max(this.scratch.length * 2, id + 1));
          s.set(this.scratch);
          this.scratch = s;
        }
        if (this.scratch[id]!++ === 0) ids.push(id);
      }
    }
    const idArr = Int32Array.from(ids);
    const counts = new Int32Array(ids.length);
    for (let j = 0; j < ids.length; j++) {
      counts[j] = this.scratch[ids[j]!]!;
      this.scratch[ids[j]!] = 0;
    }
    return { ids: idArr, counts, length: len };
  }
}

let shared: NgramTable | undefined;

/**
 * The process-wide n-gram table, so BLEU and CIDEr scoring the same (memoised) token arrays
 * count their n-grams once. Call once at the start of a scoring call and use the returned
 * table for the whole call: it is replaced (between calls) when it grows past `limit` ids.
 */
export function ngramSession(limit = 4_000_000): NgramTable {
  if (!shared || shared.size > limit) shared = new NgramTable();
  return shared;
}
