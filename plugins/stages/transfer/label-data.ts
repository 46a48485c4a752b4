import type { Split } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';
import type { FeatureStore } from '../features/read-features.js';

/** One split for classification: ids, class indices and where their frame features are. */
export interface LabelSet {
  ids: string[];
  labels: Int32Array;
  numFrames: number;
  featureDim: number;
  /** `[numFrames, featureDim]` row-major. */
  frames(id: string): Float32Array;
}

/** The classes, in the data set's order when it gives one, else sorted. */
export function classList(features: FeatureStore, datasetLabels: string[] | undefined): string[] {
  if (datasetLabels?.length) return [...datasetLabels];
  const seen = new Set<string>();
  for (const id of features.ids) {
    const l = features.labelOf(id);
    if (l !== undefined) seen.add(l);
  }
  return [...seen].sort();
}

/** Videos of `split` with features and a label. Every video must have the same frame count. */
export function labelSet(features: FeatureStore, split: Split, classes: string[]): LabelSet {
  const index = new Map(classes.map((c, i) => [c, i]));
  const ids = features.ids.filter((id) => features.splitOf(id) === split);
  const labels = new Int32Array(ids.length);
  const unlabelled: string[] = [];
  ids.forEach((id, i) => {
    const l = features.labelOf(id);
    if (l === undefined) {
      unlabelled.push(id);
      return;
    }
    const k = index.get(l);
    if (k === undefined)
      throw new TopiclensError(`Video "${id}" has label "${l}", which is not one of the data set's classes (${classes.join(', ')}).`);
    labels[i] = k;
  });
  if (unlabelled.length) {
    throw new TopiclensError(
      `The transfer stage needs a class label for every video; ${unlabelled.length} ${split} videos have none (e.g. ${unlabelled.slice(0, 3).join(', ')}). ` +
        'Use a data set with labels (ucf11, synthetic-clips) for "transfer".',
    );
  }
  const counts = new Set(ids.map((id) => features.framesOf(id)));
  if (counts.size > 1) {
    throw new TopiclensError(
      `The ${split} videos have different frame counts (${[...counts].sort((a, b) => a - b).join(', ')}); set the feature extractor's "frames" option so every video is sampled alike.`,
    );
  }
  return { ids, labels, numFrames: [...counts][0] ?? 0, featureDim: features.dim, frames: (id) => features.get(id) };
}
