import type { MetricItem } from '../../../core/contracts/metric.js';
import { TopiclensError } from '../../../core/errors.js';
import { ptbTokenize } from '../../../core/text/ptb-tokenize.js';

/** An item after coco-caption's tokenization step: lowercased PTB tokens, punctuation dropped. */
export interface PreparedItem {
  id: string;
  hyp: readonly string[];
  refs: readonly (readonly string[])[];
}

/**
 * Tokenization memo shared by the metric plugins: `topiclens score` runs four metrics over the
 * same sentences. Bounded; the token arrays are shared and never mutated.
 */
const tokenCache = new Map<string, readonly string[]>();
const CACHE_LIMIT = 200_000;

export function tokens(text: string): readonly string[] {
  let t = tokenCache.get(text);
  if (t === undefined) {
    t = ptbTokenize(text);
    if (tokenCache.size >= CACHE_LIMIT) tokenCache.clear();
    tokenCache.set(text, t);
  }
  return t;
}

/**
 * Validate and tokenize items. Throws a TopiclensError naming the item id when an item has no
 * references (pycocoevalcap asserts `len(ref) > 0`), a non-string hypothesis or reference, or
 * when two items share an id (their per-item scores would overwrite each other).
 */
export function prepareItems(items: readonly MetricItem[], metric: string): PreparedItem[] {
  if (!Array.isArray(items)) {
    throw new TopiclensError(`${metric}: expected an array of items, got ${typeof items}.`);
  }
  const seen = new Set<string>();
  return items.map((item, index) => {
    const id = String(item?.id ?? `#${index}`);
    if (seen.has(id)) {
      throw new TopiclensError(`${metric}: two items have the id "${id}" (item #${index}); give every item a unique id.`);
    }
    seen.add(id);
    if (typeof item.hypothesis !== 'string') {
      throw new TopiclensError(
        `${metric}: item "${id}" has no hypothesis string (found ${typeof item.hypothesis}); use "" for an empty caption.`,
      );
    }
    if (!Array.isArray(item.references) || item.references.length === 0) {
      throw new TopiclensError(
        `${metric}: item "${id}" has an empty reference list; every item needs at least one reference sentence (remove the item or add its references).`,
      );
    }
    const refs = (item.references as unknown[]).map((r: unknown, j: number) => {
      if (typeof r !== 'string') {
        throw new TopiclensError(`${metric}: item "${id}" reference #${j} is not a string (found ${typeof r}).`);
      }
      return tokens(r);
    });
    return { id, hyp: tokens(item.hypothesis), refs };
  });
}

/** Mean as numpy computes it for the short lists involved (sequential sum / n); 0 for no items. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}
