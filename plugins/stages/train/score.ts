import type { Metric, ScoreTable } from '../../../core/contracts/metric.js';

/** Score generated captions against each video's reference captions with every given metric. */
export async function scoreCaptions(
  metrics: Metric[],
  captions: Map<string, string>,
  referencesOf: (id: string) => string[],
): Promise<{ corpus: ScoreTable; items: Record<string, ScoreTable> }> {
  const items = [...captions].map(([id, hypothesis]) => ({ id, hypothesis, references: referencesOf(id) }));
  const corpus: ScoreTable = {};
  const perItem: Record<string, ScoreTable> = Object.fromEntries(items.map((i) => [i.id, {}]));
  for (const metric of metrics) {
    const r = await metric.score(items);
    Object.assign(corpus, r.corpus);
    for (const [id, s] of Object.entries(r.items)) {
      perItem[id] ??= {};
      Object.assign(perItem[id], s);
    }
  }
  return { corpus, items: perItem };
}
