import { join } from 'node:path';
import type { FittedTopics } from '../../../core/contracts/topic-model.js';
import { encodeNpy } from '../../../core/encoding/npy.js';
import { writeFileAtomic } from '../../../core/runner/atomic.js';

/** The files `writeModelArrays` writes, for other tools (NumPy, gensim, a coherence scorer). */
export const MODEL_ARRAY_FILES = {
  topicWordCounts: 'topic-word-counts.npy',
  docTopicCounts: 'doc-topic-counts.npy',
  vocabulary: 'vocab.txt',
  docIds: 'doc-ids.txt',
} as const;

/**
 * The whole fitted model: `topic-word-counts.npy` int32 [K, V] over the full vocabulary,
 * `doc-topic-counts.npy` int32 [D, K], `vocab.txt` (word v on line v + 1) and `doc-ids.txt`
 * (document d on line d + 1), all in the fit's own index order.
 */
export function writeModelArrays(dir: string, fit: FittedTopics): void {
  const K = fit.numTopics;
  writeFileAtomic(join(dir, MODEL_ARRAY_FILES.topicWordCounts), encodeNpy(fit.topicWordCounts, [K, fit.vocabulary.length]));
  writeFileAtomic(join(dir, MODEL_ARRAY_FILES.docTopicCounts), encodeNpy(fit.docTopicCounts, [fit.docIds.length, K]));
  writeFileAtomic(join(dir, MODEL_ARRAY_FILES.vocabulary), `${fit.vocabulary.join('\n')}\n`);
  writeFileAtomic(join(dir, MODEL_ARRAY_FILES.docIds), `${fit.docIds.join('\n')}\n`);
}
