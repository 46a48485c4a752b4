/** One scored item: a generated caption and its references (raw text; the metric tokenizes). */
export interface MetricItem {
  id: string;
  hypothesis: string;
  references: string[];
}

/** Scores keyed by coco-caption names (`Bleu_1`..`Bleu_4`, `METEOR`, `ROUGE_L`, `CIDEr`). */
export type ScoreTable = Record<string, number>;

export interface MetricResult {
  corpus: ScoreTable;
  items: Record<string, ScoreTable>;
}

/** Extension point `metric`: a caption metric with corpus and per-item scores. */
export interface Metric {
  /** The score keys this metric produces, e.g. `['Bleu_1', ..., 'Bleu_4']`. */
  readonly keys: readonly string[];
  /** Throws a TopiclensError naming the item id on invalid items (e.g. no references). */
  score(items: MetricItem[]): Promise<MetricResult>;
}
