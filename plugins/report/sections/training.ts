import { lossRows, validationRows } from '../extract.js';
import type { RunData } from '../read-run.js';
import { perEpochSpec } from '../specs.js';
import { notesOf, type Chart, type Section } from './common.js';

/** Training curves: losses per epoch and the validation scores, the model-selecting metric first. */
export function trainingSection(runs: readonly RunData[]): Section {
  const losses = lossRows(runs);
  const val = validationRows(runs);
  const notes = notesOf(runs, (r) => r.history);
  if (runs.some((r) => r.history.ok) && val.length === 0)
    notes.push({ kind: 'info', text: 'train/history.json has no validation scores ("val") in any epoch.' });
  const selecting = [...new Set(val.filter((r) => r.panel !== r.metric).map((r) => r.metric))];
  const charts: Chart[] = [];
  if (losses.length) charts.push({ id: 'training-loss', title: 'Training losses per epoch', spec: perEpochSpec(losses, 'series', 'loss') });
  if (val.length) charts.push({ id: 'validation-scores', title: 'Validation scores per epoch', spec: perEpochSpec(val, 'panel', 'score') });
  return {
    id: 'training',
    title: 'Training curves',
    lead:
      'Task loss (−log p(y|x)) and interpretive loss (L_I) per epoch, and the validation scores after each epoch' +
      (selecting.length
        ? `; ${selecting.join(', ')} is the selection metric (train.validation.metric: the best epoch and early stopping go by it) and comes first.`
        : '.'),
    notes,
    charts,
    tables: [],
    data: [
      ...(losses.length ? [{ name: 'training-loss', rows: losses }] : []),
      ...(val.length ? [{ name: 'validation-scores', rows: val }] : []),
    ],
  };
}
