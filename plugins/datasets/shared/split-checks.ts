import type { CheckFinding } from '../../../core/plugin/manifest.js';

type Counts = { train: number; val: number; test: number };

/** Split sizes that cannot make a run: nothing at all, or nothing to train on. */
export function splitProblems(counts: Counts, path: string): CheckFinding[] {
  if (counts.train + counts.val + counts.test === 0) {
    return [
      { path, message: 'every split is empty (train, val and test are 0); give the train split (and test, for evaluation) some videos' },
    ];
  }
  if (counts.train === 0)
    return [{ path: `${path}/train`, message: 'the train split is empty: the topic model and the network are fitted on training videos' }];
  return [];
}
