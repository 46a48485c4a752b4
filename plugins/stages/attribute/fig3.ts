import type { ScoreSplit } from '../../../core/config/types.js';
import type { TopicContrast, TopicScore } from '../../interpretability/index.js';

/** attribute/fig3.json: the paper's Fig. 3 as data — mean v̄ over the scored (test, or val) videos with and without each topic. */
export interface Fig3File {
  split: ScoreSplit;
  /** Topics with at least one scored video with and one without them. */
  topics: {
    topic: number;
    name: string;
    /** The topic's own neurons (one name each), primary first. */
    neurons: number[];
    /** Does the primary neuron rise (+1) or fall (−1) with the topic (fixed on the training videos; null: no own neuron). */
    direction: 1 | -1 | null;
    positives: number;
    negatives: number;
    withMean: number[];
    withoutMean: number[];
  }[];
}

export function fig3Data(contrasts: readonly TopicContrast[], perTopic: readonly TopicScore[], split: ScoreSplit = 'test'): Fig3File {
  const topics: Fig3File['topics'] = [];
  perTopic.forEach((t, i) => {
    const c = contrasts[i]!;
    if (!c.withMean || !c.withoutMean) return;
    topics.push({
      topic: t.topic,
      name: t.name,
      neurons: t.ownNeurons,
      direction: t.direction,
      positives: c.positives,
      negatives: c.negatives,
      withMean: Array.from(c.withMean),
      withoutMean: Array.from(c.withoutMean),
    });
  });
  return { split, topics };
}
