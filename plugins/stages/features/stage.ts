import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetInfo, VideoRecord } from '../../../core/contracts/dataset.js';
import { TOKENS } from '../../../core/contracts/tokens.js';
import { TopiclensError } from '../../../core/errors.js';
import { defineStage, type StageContext, type StageShard } from '../../../core/plugin/manifest.js';
import { shardRange } from '../../../core/runner/stage-shard.js';
import { consolidate, FEATURES_FILE, INDEX_FILE, type FeatureIndex } from './consolidate.js';
import { checkLosses, dataLosses, formatSplits, splitCounts } from './data-losses.js';
import { extractVideos } from './extract-videos.js';
import { majorityDim } from './majority-dim.js';
import { SHARD_DIR } from './shards.js';

export { featureProblem } from './extract-videos.js';

/** The data set's videos (ids checked unique); fails before extracting anything when it already lost too much. */
async function loadVideos(ctx: StageContext): Promise<{ videos: VideoRecord[]; info: DatasetInfo; datasetType: string }> {
  const { videos, info } = await ctx.resolve(TOKENS.dataset).load();
  if (videos.length === 0) throw new TopiclensError('The data set has no videos: nothing to extract features from.');
  const datasetType = ctx.config.dataset?.type ?? info.name;
  checkLosses(dataLosses(info, [], []), datasetType, splitCounts(videos.map((v) => v.split)));
  const seen = new Set<string>();
  for (const v of videos) {
    if (seen.has(v.id)) throw new TopiclensError(`The data set lists video id "${v.id}" twice; ids must be unique.`);
    seen.add(v.id);
  }
  return { videos, info, datasetType };
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
 *
 * On a queue (`--feature-shards N`), shard jobs on other workers first cache video ranges
 * (runShard); their caches are moved into this stage's attempt, and run() then finds them as an
 * interrupted attempt's and only consolidates: the same bytes as extracting everything here.
 */
export const featuresStage = defineStage({
  name: 'features',
  version: '1.0.0',
  description: 'Per-frame visual features of every video (cached per video, resumable) → features.f32 + index.json',
  after: [],
  configKeys: ['dataset', 'featureExtractor'],
  async run(ctx: StageContext): Promise<void> {
    const started = Date.now();
    const { videos, info, datasetType } = await loadVideos(ctx);

    if (ctx.resuming) {
      const index = await completeStore(ctx.dir, videos);
      if (index) {
        const odd = index.skipped.filter((s) => s.odd);
        checkLosses(
          dataLosses(
            info,
            index.skipped.filter((s) => !s.odd),
            odd,
          ),
          datasetType,
          splitCounts(index.videos.map((v) => v.split)),
        );
        ctx.logger.info(`features: store already complete (${index.videos.length} videos)`);
        await rm(join(ctx.dir, SHARD_DIR), { recursive: true, force: true });
        ctx.logger.record('features', {
          videos: index.videos.length,
          skipped: index.skipped.length,
          dim: index.dim,
          reused: index.videos.length,
        });
        return;
      }
    } else {
      await rm(join(ctx.dir, SHARD_DIR), { recursive: true, force: true });
    }
    await mkdir(join(ctx.dir, SHARD_DIR), { recursive: true });

    const progress = ctx.logger.progress('features', videos.length);
    const {
      done,
      skipped,
      dims,
      frames,
      reused,
      extracted: extractedVideos,
      seconds: extractSeconds,
    } = await extractVideos(ctx, videos, progress);

    if (done.length === 0) {
      progress.done(`0 videos, ${skipped.length} unreadable`);
      const examples = skipped
        .slice(0, 3)
        .map((s) => `  ${s.id}: ${s.reason}`)
        .join('\n');
      throw new TopiclensError(`features: all ${videos.length} videos failed; none could be read. First problems:\n${examples}`);
    }
    const sourcePath = new Map(
      videos.map((v) => [v.id, v.source.kind === 'file' ? v.source.path : v.source.kind === 'features' ? v.source.path : undefined]),
    );
    const { dim, odd } = majorityDim(dims, (id) => (sourcePath.get(id) ? `"${id}" (${sourcePath.get(id)})` : `"${id}"`));
    const oddIds = new Set(odd.map((o) => o.id));
    const kept = done.filter((v) => !oddIds.has(v.id));
    for (const o of odd) ctx.logger.warn(`features: skipping video "${o.id}": ${o.reason}`);
    const splits = splitCounts(kept.map((v) => v.split));
    const losses = dataLosses(info, skipped, odd);
    progress.done(`${kept.length} videos (${formatSplits(splits)}); lost ${losses.videos} videos, ${losses.captions} caption rows`);
    for (const line of losses.lines) ctx.logger.info(`features: ${line}`);
    checkLosses(losses, datasetType, splits);
    if (losses.videos || losses.captions)
      ctx.logger.warn(
        `features: the run goes ahead without ${losses.videos} videos and ${losses.captions} caption rows (allowMissing ${JSON.stringify(losses.allowed)})`,
      );

    const index = await consolidate(ctx.dir, dim, kept, [...skipped, ...odd.map((o) => ({ ...o, odd: true as const }))], info.skipped);
    await rm(join(ctx.dir, SHARD_DIR), { recursive: true, force: true });
    const seconds = (Date.now() - started) / 1000;
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
      source: ctx.config.featureExtractor != null ? ctx.config.featureExtractor.type : 'dataset',
      seconds,
      videosPerSecond: extractedVideos / Math.max(extractSeconds, 1e-3),
    });
    if (index.skipped.length > 0)
      ctx.logger.warn(`features: skipped ${index.skipped.length} of ${videos.length} videos (listed in ${join(ctx.dir, INDEX_FILE)})`);
  },
  /** Cache the videos of index range `shard` (of the data set's order) into ctx.dir/shards/, as run() would; no consolidation. */
  async runShard(ctx: StageContext, shard: StageShard): Promise<void> {
    const { videos } = await loadVideos(ctx);
    const [from, to] = shardRange(videos.length, shard);
    if (!ctx.resuming) await rm(join(ctx.dir, SHARD_DIR), { recursive: true, force: true });
    await mkdir(join(ctx.dir, SHARD_DIR), { recursive: true });
    const part = videos.slice(from, to);
    const progress = ctx.logger.progress(`features shard ${shard.index + 1}/${shard.count}`, part.length);
    const r = await extractVideos(ctx, part, progress);
    progress.done(`videos ${from}–${to - 1}: ${r.extracted} extracted, ${r.reused} cached, ${r.skipped.length} unreadable`);
    ctx.logger.record('features-shard', {
      index: shard.index,
      count: shard.count,
      from,
      to,
      extracted: r.extracted,
      reused: r.reused,
      skipped: r.skipped.length,
      frames: r.frames,
      seconds: r.seconds,
    });
  },
});
