import { access, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureMatrix, VideoRecord } from '../../../core/contracts/dataset.js';
import type { FeatureExtractor } from '../../../core/contracts/feature-extractor.js';
import { TOKENS } from '../../../core/contracts/tokens.js';
import { TopiclensError } from '../../../core/errors.js';
import { defineStage, type StageContext } from '../../../core/plugin/manifest.js';
import { consolidate, FEATURES_FILE, INDEX_FILE, type DoneVideo, type FeatureIndex } from './consolidate.js';
import { checkLosses, dataLosses, formatSplits, splitCounts } from './data-losses.js';
import { majorityDim } from './majority-dim.js';
import { readShard, readSkip, SHARD_DIR, shardPath, skipPath, writeShard, writeSkip } from './shards.js';

/**
 * Check a feature matrix before it is cached: consistent shape, finite values. Returns a problem or
 * undefined. The feature size is compared across videos only at the end (the majority decides).
 */
export function featureProblem(m: FeatureMatrix): string | undefined {
  if (!Number.isInteger(m.frames) || m.frames < 1) return `has ${m.frames} frames (need at least 1)`;
  if (!Number.isInteger(m.dim) || m.dim < 1) return `has feature size ${m.dim}`;
  if (m.data.length !== m.frames * m.dim) return `holds ${m.data.length} values, but frames × dim = ${m.frames} × ${m.dim} = ${m.frames * m.dim}`;
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i]!)) return `has a non-finite value (${m.data[i]}) at frame ${Math.floor(i / m.dim)}, feature ${i % m.dim}`;
  }
  return undefined;
}

/** An existing, complete store in `dir` that covers exactly `videos` (a crash after consolidation). */
async function completeStore(dir: string, videos: VideoRecord[]): Promise<FeatureIndex | undefined> {
  try {
    const index = JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')) as FeatureIndex;
    const ids = new Set([...index.videos.map((v) => v.id), ...index.skipped.map((s) => s.id)]);
    if (ids.size !== videos.length || !videos.every((v) => ids.has(v.id))) return undefined;
    const floats = index.videos.reduce((n, v) => n + v.frames * index.dim, 0);
    if ((await stat(join(dir, FEATURES_FILE))).size !== floats * 4) return undefined;
    return index;
  } catch {
    return undefined;
  }
}

/**
 * Stage `features`: per-frame features of every video of the data set, into `features.f32` +
 * `index.json` (read them with `readFeatures`). Without a `featureExtractor` slot, videos whose
 * source is `features` (e.g. the synthetic data set) are loaded as they are; otherwise the
 * configured FeatureExtractor runs. Each video is cached as a shard when done, so a killed run
 * resumes where it stopped. Unreadable videos and videos whose feature size differs from the
 * majority's are skipped and listed. Everything lost — the data set's missing or malformed items
 * and these — is counted by reason in index.json, the log and the console, and fails the stage
 * when it exceeds the data set's `allowMissing` (default: nothing may be lost).
 */
export const featuresStage = defineStage({
  name: 'features',
  version: '1.0.0',
  description: 'Per-frame visual features of every video (cached per video, resumable) → features.f32 + index.json',
  after: [],
  configKeys: ['dataset', 'featureExtractor'],
  async run(ctx: StageContext): Promise<void> {
    const started = Date.now();
    const { videos, info } = await ctx.resolve(TOKENS.dataset).load();
    if (videos.length === 0) throw new TopiclensError('The data set has no videos: nothing to extract features from.');
    const datasetType = ctx.config.dataset?.type ?? info.name;
    // What the data set lost is known now: fail before extracting anything when it is too much.
    checkLosses(dataLosses(info, [], []), datasetType, splitCounts(videos.map((v) => v.split)));
    const seen = new Set<string>();
    for (const v of videos) {
      if (seen.has(v.id)) throw new TopiclensError(`The data set lists video id "${v.id}" twice; ids must be unique.`);
      seen.add(v.id);
    }

    if (ctx.resuming) {
      const index = await completeStore(ctx.dir, videos);
      if (index) {
        const odd = index.skipped.filter((s) => s.odd);
        checkLosses(dataLosses(info, index.skipped.filter((s) => !s.odd), odd), datasetType, splitCounts(index.videos.map((v) => v.split)));
        ctx.logger.info(`features: store already complete (${index.videos.length} videos)`);
        await rm(join(ctx.dir, SHARD_DIR), { recursive: true, force: true });
        ctx.logger.record('features', { videos: index.videos.length, skipped: index.skipped.length, dim: index.dim, reused: index.videos.length });
        return;
      }
    } else {
      await rm(join(ctx.dir, SHARD_DIR), { recursive: true, force: true });
    }
    await mkdir(join(ctx.dir, SHARD_DIR), { recursive: true });

    const useExtractor = ctx.config.featureExtractor != null; // null (a preset clearing the slot) = no slot
    let extractor: FeatureExtractor | undefined;
    const getExtractor = async (): Promise<FeatureExtractor> => {
      if (!extractor) {
        extractor = ctx.resolve(TOKENS.featureExtractor);
        await extractor.init?.();
      }
      return extractor;
    };
    const featuresOf = async (v: VideoRecord): Promise<FeatureMatrix> => {
      if (!useExtractor && v.source.kind === 'features') return v.source.load();
      if (!useExtractor) {
        throw new TopiclensError(
          `Video "${v.id}" has a ${v.source.kind} source, which needs a feature extractor, but the config has no "featureExtractor" slot. ` +
            'Add one, e.g. { "featureExtractor": { "type": "googlenet", "options": { "model": "models/googlenet.onnx" } } }.',
          2,
        );
      }
      return (await getExtractor()).extract(v);
    };

    const done: DoneVideo[] = [];
    const skipped: { id: string; reason: string }[] = [];
    const dims = new Map<string, number>();
    let reused = 0;
    let frames = 0;
    let extractedVideos = 0;
    // Load the extractor up front: a missing model file is a config error, not a broken video.
    if (useExtractor) await getExtractor();
    const progress = ctx.logger.progress('features', videos.length);
    const t0 = Date.now();
    // One video is prefetched: its extraction (ffmpeg decoding in a child process, then
    // inference) starts while the current one finishes. Results are still taken in data-set
    // order, so the output does not depend on timing.
    type Outcome = { m: FeatureMatrix } | { err: unknown };
    const pending = new Map<number, Promise<Outcome>>();
    const start = (i: number): Promise<Outcome> => {
      let p = pending.get(i);
      if (!p) {
        p = featuresOf(videos[i]!).then((m) => ({ m }), (err: unknown) => ({ err }));
        pending.set(i, p);
      }
      return p;
    };
    const cachedAt = ctx.resuming
      ? await Promise.all(videos.map((v) => Promise.all([access(shardPath(ctx.dir, v.id)), access(skipPath(ctx.dir, v.id))].map((a) => a.then(() => true, () => false))).then((r) => r.some(Boolean))))
      : videos.map(() => false);
    try {
      for (const [i, v] of videos.entries()) {
        const entry: DoneVideo = { id: v.id, split: v.split, ...(v.label !== undefined ? { label: v.label } : {}) };
        if (ctx.resuming) {
          const cached = await readShard(ctx.dir, v.id);
          if (cached) {
            dims.set(v.id, cached.dim);
            frames += cached.frames;
            done.push(entry);
            reused++;
            progress.tick(1, 'cached');
            continue;
          }
          const reason = await readSkip(ctx.dir, v.id);
          if (reason !== undefined) {
            skipped.push({ id: v.id, reason });
            reused++;
            progress.tick(1, 'cached skip');
            continue;
          }
        }
        const current = start(i);
        if (i + 1 < videos.length && !cachedAt[i + 1]) void start(i + 1);
        let m: FeatureMatrix;
        try {
          const outcome = await current;
          pending.delete(i);
          if ('err' in outcome) throw outcome.err;
          m = outcome.m;
          const problem = featureProblem(m);
          if (problem) throw new TopiclensError(`Features of video "${v.id}" ${problem}.`);
        } catch (err) {
          if (!(err instanceof TopiclensError) || err.exitCode === 2) throw err;
          const reason = err.message;
          ctx.logger.warn(`features: skipping video "${v.id}": ${reason}`);
          await writeSkip(ctx.dir, v.id, reason);
          skipped.push({ id: v.id, reason });
          progress.tick(1, 'skipped');
          continue;
        }
        dims.set(v.id, m.dim);
        await writeShard(ctx.dir, v.id, m);
        done.push(entry);
        frames += m.frames;
        extractedVideos++;
        const seconds = (Date.now() - t0) / 1000;
        progress.tick(1, `${(extractedVideos / Math.max(seconds, 1e-3)).toFixed(2)} videos/s`);
      }
    } finally {
      await Promise.all(pending.values()); // let a prefetch finish before the extractor goes away
      await extractor?.dispose?.();
    }

    if (done.length === 0) {
      progress.done(`0 videos, ${skipped.length} unreadable`);
      const examples = skipped.slice(0, 3).map((s) => `  ${s.id}: ${s.reason}`).join('\n');
      throw new TopiclensError(`features: all ${videos.length} videos failed; none could be read. First problems:\n${examples}`);
    }
    const sourcePath = new Map(videos.map((v) => [v.id, v.source.kind === 'file' ? v.source.path : v.source.kind === 'features' ? v.source.path : undefined]));
    const { dim, odd } = majorityDim(dims, (id) => (sourcePath.get(id) ? `"${id}" (${sourcePath.get(id)})` : `"${id}"`));
    const oddIds = new Set(odd.map((o) => o.id));
    const kept = done.filter((v) => !oddIds.has(v.id));
    for (const o of odd) ctx.logger.warn(`features: skipping video "${o.id}": ${o.reason}`);
    const splits = splitCounts(kept.map((v) => v.split));
    const losses = dataLosses(info, skipped, odd);
    progress.done(`${kept.length} videos (${formatSplits(splits)}); lost ${losses.videos} videos, ${losses.captions} caption rows`);
    for (const line of losses.lines) ctx.logger.info(`features: ${line}`);
    checkLosses(losses, datasetType, splits);
    if (losses.videos || losses.captions) ctx.logger.warn(`features: the run goes ahead without ${losses.videos} videos and ${losses.captions} caption rows (allowMissing ${JSON.stringify(losses.allowed)})`);

    const index = await consolidate(ctx.dir, dim, kept, [...skipped, ...odd.map((o) => ({ ...o, odd: true as const }))], info.skipped);
    await rm(join(ctx.dir, SHARD_DIR), { recursive: true, force: true });
    const seconds = (Date.now() - started) / 1000;
    const extractSeconds = (Date.now() - t0) / 1000;
    ctx.logger.record('features', {
      videos: index.videos.length,
      splits,
      skipped: index.skipped.length,
      skippedIds: index.skipped.slice(0, 20).map((s) => s.id),
      lost: { videos: losses.videos, captions: losses.captions },
      allowMissing: losses.allowed,
      datasetSkipped: info.skipped.map((e) => ({ reason: e.reason, count: e.count, ...(e.problem ? { problem: e.problem } : {}) })),
      frames,
      dim,
      reused,
      extracted: extractedVideos,
      source: useExtractor ? ctx.config.featureExtractor!.type : 'dataset',
      seconds,
      videosPerSecond: extractedVideos / Math.max(extractSeconds, 1e-3),
    });
    if (index.skipped.length > 0) ctx.logger.warn(`features: skipped ${index.skipped.length} of ${videos.length} videos (listed in ${join(ctx.dir, INDEX_FILE)})`);
  },
});
