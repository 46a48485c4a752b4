import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSFER_ACCURACY, readTransferAccuracyIfAny } from '../stages/transfer/read-accuracy.js';

/**
 * Where a metric named without a file is looked up in a run folder, in this order; `read`: the
 * stage's typed reader, when the file has one (a file it rejects counts as absent).
 */
export const METRIC_SOURCES: { file: string; at: string; read?: (runDir: string) => unknown }[] = [
  { file: 'evaluate/scores.json', at: 'corpus' },
  { file: 'attribute/interpretability.json', at: 'summary' },
  { file: `transfer/${TRANSFER_ACCURACY}`, at: '', read: (runDir) => readTransferAccuracyIfAny(join(runDir, 'transfer')) },
];

export const DEFAULT_METRICS = ['Bleu_4', 'METEOR', 'CIDEr', 'detectorAuroc', 'accuracy'];

const dig = (value: unknown, path: string): unknown =>
  path
    ? path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value)
    : value;

const orUndefined = (read: () => unknown): unknown => {
  try {
    return read();
  } catch {
    return undefined;
  }
};

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
  const sources =
    colon > 0
      ? [{ file: metric.slice(0, colon), at: metric.slice(colon + 1) }]
      : METRIC_SOURCES.map((s) => ({ ...s, at: s.at ? `${s.at}.${metric}` : metric }));
  for (const s of sources) {
    const read = 'read' in s ? s.read : undefined;
    const v = dig(read ? orUndefined(() => read(runDir)) : readJson(join(runDir, s.file)), s.at);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}
