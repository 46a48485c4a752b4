import { join } from 'node:path';
import type { VideoRecord } from '../../../core/contracts/dataset.js';
import type { FitProgress } from '../../../core/contracts/topic-model.js';
import { TOKENS } from '../../../core/contracts/tokens.js';
import { TopiclensError } from '../../../core/errors.js';
import type { Progress } from '../../../core/logger.js';
import { defineStage, type StageContext } from '../../../core/plugin/manifest.js';
import { writeJsonAtomic } from '../../../core/runner/atomic.js';
import { ptbTokenize } from '../../../core/text/ptb-tokenize.js';
import { docTopicsEntry, docTopicsJson, topicsJson, type DocTopicsEntry } from '../../topic-models/lda/outputs.js';
import { writeModelArrays } from '../../topic-models/lda/model-arrays.js';
import { checkLosses, dataLosses, splitCounts } from '../features/data-losses.js';
import { DOC_TOPICS_FILE, MODEL_FILE, TOPICS_FILE, TOPIC_VECTORS_FILE, type TopicVectorsFile } from './read-topics.js';

/** One document per video: all its captions, PTB-tokenized (lowercased, punctuation dropped), joined. */
export const videoDocument = (v: VideoRecord): string[] => v.captions.flatMap((c) => ptbTokenize(c));

const indices = (s: Uint8Array): number[] => {
  const out: number[] = [];
  s.forEach((x, k) => {
    if (x) out.push(k);
  });
  return out;
};

/**
 * Stage `topics`: fit the configured TopicModel on the training videos' captions (one document per
 * video), infer topic vectors of validation/test videos with the topics held fixed, and write
 * model.json, topics.json, doc-topics.json and topic-vectors.json (read them with `readTopics`), and
 * the whole model for other tools: topic-word-counts.npy, doc-topic-counts.npy, vocab.txt, doc-ids.txt.
 */
export const topicsStage = defineStage({
  name: 'topics',
  version: '1.0.0',
  description: 'LDA topics of the training captions; binary topic vector s of every video → topics/ (readTopics)',
  after: [],
  configKeys: ['dataset', 'topicModel'],
  enabled: (config) => config.topicModel !== undefined,
  async run(ctx: StageContext): Promise<void> {
    const dataset = ctx.resolve(TOKENS.dataset);
    const { videos, info } = await dataset.load();
    // Topics may run before features: refuse lost data here too, before fitting on what is left.
    checkLosses(dataLosses(info, [], []), ctx.config.dataset?.type ?? info.name, splitCounts(videos.map((v) => v.split)));
    const train = videos.filter((v) => v.split === 'train');
    if (train.length === 0) {
      throw new TopiclensError(
        `topics: the data set has ${videos.length} videos but none in the train split; the topic model is fitted on training captions.`,
      );
    }
    const docs = train.map(videoDocument);
    const uncaptioned = train.filter((_, i) => docs[i]!.length === 0).map((v) => v.id);
    if (uncaptioned.length === train.length) {
      throw new TopiclensError(
        `topics: none of the ${train.length} training videos has caption words (e.g. "${train[0]!.id}"); a topic model needs captions. ` +
          'Remove the topicModel slot for caption-less data sets.',
      );
    }
    if (uncaptioned.length > 0) {
      ctx.logger.warn(
        `topics: ${uncaptioned.length} training videos have no caption words (e.g. ${uncaptioned.slice(0, 3).join(', ')}); their topic vectors are all zero.`,
      );
    }
    const model = ctx.resolve(TOKENS.topicModel);
    let bar: Progress | undefined;
    const started = Date.now();
    const fit = await model.fit({ ids: train.map((v) => v.id), docs }, (p: FitProgress) => {
      bar ??= ctx.logger.progress('topics', p.iterations);
      ctx.logger.record('lda-iteration', {
        iteration: p.iteration,
        iterations: p.iterations,
        loglik: p.loglik,
        tokensPerSecond: p.tokensPerSecond,
      });
      bar.tick(1, `loglik ${p.loglik.toFixed(3)} · ${(p.tokensPerSecond / 1e6).toFixed(1)}M tok/s`);
    });
    const final = fit.loglik.at(-1);
    if (final === undefined || !Number.isFinite(final))
      throw new Error(`topics: the topic model returned no finite log-likelihood (${final})`);
    bar?.done(`loglik ${final.toFixed(3)}`);

    const vectors: Record<string, number[]> = {};
    const trainIndex = new Map(fit.docIds.map((id, i) => [id, i]));
    for (const v of train) {
      const i = trainIndex.get(v.id);
      if (i === undefined) throw new Error(`topics: the fitted model lost training video "${v.id}"`);
      vectors[v.id] = indices(fit.topicVector(i));
    }
    const inferred: DocTopicsEntry[] = [];
    for (const v of videos) {
      if (v.split === 'train') continue;
      const counts = fit.infer(videoDocument(v));
      const s = fit.inferTopicVector(videoDocument(v));
      vectors[v.id] = indices(s);
      inferred.push(docTopicsEntry(v.id, counts, s, { split: v.split, inferred: true }));
    }

    const names = fit.topics.map((t) => t.name);
    const vectorsFile: TopicVectorsFile = { numTopics: fit.numTopics, names, vectors };
    writeJsonAtomic(join(ctx.dir, MODEL_FILE), fit.toJSON(), { compact: true });
    writeJsonAtomic(join(ctx.dir, TOPICS_FILE), topicsJson(fit), { compact: true });
    writeJsonAtomic(join(ctx.dir, DOC_TOPICS_FILE), docTopicsJson(fit, inferred), { compact: true });
    writeJsonAtomic(join(ctx.dir, TOPIC_VECTORS_FILE), vectorsFile, { compact: true });
    writeModelArrays(ctx.dir, fit);

    const ones = Object.values(vectors).map((x) => x.length);
    const meanOnes = ones.reduce((a, b) => a + b, 0) / Math.max(1, ones.length);
    ctx.logger.record('topics', {
      numTopics: fit.numTopics,
      vocabulary: fit.vocabulary.length,
      trainVideos: train.length,
      inferredVideos: inferred.length,
      finalLoglik: final,
      meanTopicsPerVideo: meanOnes,
      seconds: (Date.now() - started) / 1000,
    });
    // Table 1 of the paper: the topics most videos have, named by their top words.
    const videosWith = new Array<number>(fit.numTopics).fill(0);
    for (const list of Object.values(vectors)) for (const i of list) videosWith[i]!++;
    const shown = fit.topics
      .map((t, i) => ({ t, n: videosWith[i]! }))
      .sort((a, b) => b.n - a.n)
      .slice(0, 12);
    ctx.logger.info(
      [
        `topics: ${fit.numTopics} topics over ${fit.vocabulary.length} words from ${train.length} training videos; ` +
          `final loglik/token ${final.toFixed(3)}; ${meanOnes.toFixed(1)} topics per video on average`,
        '  videos  topic: top words',
        ...shown.map(({ t, n }) => `  ${String(n).padStart(6)}  ${t.name}`),
      ].join('\n'),
    );
  },
});
