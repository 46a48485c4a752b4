import type { MetricItem, MetricResult, ScoreTable } from '../../../core/contracts/metric.js';
import { mean, prepareItems, type PreparedItem } from './prepare.js';

/**
 * Build a MetricResult from per-item score columns. `corpusOverride` supplies corpus values
 * that are not the mean of the items (BLEU's corpus score pools counts).
 */
export function assemble(
  prepared: readonly PreparedItem[],
  columns: Record<string, number[]>,
  corpusOverride: Partial<ScoreTable> = {},
): MetricResult {
  const items: Record<string, ScoreTable> = {};
  prepared.forEach((it, i) => {
    const row: ScoreTable = {};
    for (const [key, col] of Object.entries(columns)) row[key] = col[i]!;
    items[it.id] = row;
  });
  const corpus: ScoreTable = {};
  for (const [key, col] of Object.entries(columns)) corpus[key] = corpusOverride[key] ?? mean(col);
  return { corpus, items };
}

/** Tokenize + validate, then score. */
export async function scoreWith(
  metric: string,
  items: readonly MetricItem[],
  fn: (prepared: PreparedItem[]) => MetricResult,
): Promise<MetricResult> {
  return fn(prepareItems(items, metric));
}
