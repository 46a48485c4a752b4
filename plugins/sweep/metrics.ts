import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a metric named without a file is looked up in a run folder, in this order. */
export const METRIC_SOURCES: { file: string; at: string }[] = [
  { file: 'evaluate/scores.json', at: 'corpus' },
  { file: 'attribute/interpretability.json', at: 'summary' },
  { file: 'transfer/accuracy.json', at: '' },
];

export const DEFAULT_METRICS = ['Bleu_4', 'METEOR', 'CIDEr', 'detectorAuroc', 'accuracy'];

const dig = (value: unknown, path: string): unknown =>
  path ? path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value) : value;

const readJson = (file: string): unknown => {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

/**
 * A run's value of `metric`: a key of evaluate/scores.json `corpus`, of attribute/interpretability.json
 * `summary` or of transfer/accuracy.json (e.g. `Bleu_4`, `detectorAuroc`, `accuracy`), or
 * `file.json:dotted.path` inside the run folder. Undefined when absent or not a finite number.
 */
export function readMetric(runDir: string, metric: string): number | undefined {
  const colon = metric.indexOf(':');
  const sources = colon > 0 ? [{ file: metric.slice(0, colon), at: metric.slice(colon + 1) }] : METRIC_SOURCES.map((s) => ({ file: s.file, at: s.at ? `${s.at}.${metric}` : metric }));
  for (const s of sources) {
    const v = dig(readJson(join(runDir, s.file)), s.at);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

