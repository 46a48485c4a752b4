import { access } from 'node:fs/promises';
import type { FeatureMatrix, VideoRecord } from '../../../core/contracts/dataset.js';
import type { FeatureExtractor } from '../../../core/contracts/feature-extractor.js';
import { TOKENS } from '../../../core/contracts/tokens.js';
import { TopiclensError } from '../../../core/errors.js';
import type { Progress } from '../../../core/logger.js';
import type { StageContext } from '../../../core/plugin/manifest.js';
import type { DoneVideo } from './consolidate.js';
import { readShard, readSkip, shardPath, skipPath, writeShard, writeSkip } from './shards.js';

/**
 * Check a feature matrix before it is cached: consistent shape, finite values. Returns a problem or
 * undefined. The feature size is compared across videos only at the end (the majority decides).
 */
export function featureProblem(m: FeatureMatrix): string | undefined {
  if (!Number.isInteger(m.frames) || m.frames < 1) return `has ${m.frames} frames (need at least 1)`;
  if (!Number.isInteger(m.dim) || m.dim < 1) return `has feature size ${m.dim}`;
  if (m.data.length !== m.frames * m.dim)
    return `holds ${m.data.length} values, but frames × dim = ${m.frames} × ${m.dim} = ${m.frames * m.dim}`;
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i]!))
      return `has a non-finite value (${m.data[i]}) at frame ${Math.floor(i / m.dim)}, feature ${i % m.dim}`;
  }
  return undefined;
}

export interface Extracted {
  /** Videos with a cached feature matrix, in the order given. */
  done: DoneVideo[];
  /** Videos that could not be read (a skip file each). */
  skipped: { id: string; reason: string }[];
  dims: Map<string, number>;
  frames: number;
  /** Videos found cached (resuming). */
  reused: number;
  /** Videos extracted now. */
  extracted: number;
  /** Seconds from the extractor's start to the last video. */
  seconds: number;
}

/**
 * Cache every video of `videos` as a shard in `ctx.dir/shards/` (resuming: the ones already there
 * are reused), in the order given. Shared by the features stage (all videos) and its shard jobs
 * (a range of them, run on another worker; see stage.ts runShard).
 */
export async function extractVideos(ctx: StageContext, videos: VideoRecord[], progress: Progress): Promise<Extracted> {
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

  const out: Extracted = { done: [], skipped: [], dims: new Map(), frames: 0, reused: 0, extracted: 0, seconds: 0 };
  // Load the extractor up front: a missing model file is a config error, not a broken video.
  if (useExtractor) await getExtractor();
  const t0 = Date.now();
  // One video is prefetched: its extraction (ffmpeg decoding in a child process, then
  // inference) starts while the current one finishes. Results are still taken in data-set
  // order, so the output does not depend on timing.
  type Outcome = { m: FeatureMatrix } | { err: unknown };
  const pending = new Map<number, Promise<Outcome>>();
  const start = (i: number): Promise<Outcome> => {
    let p = pending.get(i);
    if (!p) {
      p = featuresOf(videos[i]!).then(
        (m) => ({ m }),
        (err: unknown) => ({ err }),
      );
      pending.set(i, p);
    }
    return p;
  };
  const cachedAt = ctx.resuming
    ? await Promise.all(
        videos.map((v) =>
          Promise.all(
            [access(shardPath(ctx.dir, v.id)), access(skipPath(ctx.dir, v.id))].map((a) =>
              a.then(
                () => true,
                () => false,
              ),
            ),
          ).then((r) => r.some(Boolean)),
        ),
      )
    : videos.map(() => false);
  try {
    for (const [i, v] of videos.entries()) {
      const entry: DoneVideo = { id: v.id, split: v.split, ...(v.label !== undefined ? { label: v.label } : {}) };
      if (ctx.resuming) {
        const cached = await readShard(ctx.dir, v.id);
        if (cached) {
          out.dims.set(v.id, cached.dim);
          out.frames += cached.frames;
          out.done.push(entry);
          out.reused++;
          progress.tick(1, 'cached');
          continue;
        }
        const reason = await readSkip(ctx.dir, v.id);
        if (reason !== undefined) {
          out.skipped.push({ id: v.id, reason });
          out.reused++;
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
        out.skipped.push({ id: v.id, reason });
        progress.tick(1, 'skipped');
        continue;
      }
      out.dims.set(v.id, m.dim);
      await writeShard(ctx.dir, v.id, m);
      out.done.push(entry);
      out.frames += m.frames;
      out.extracted++;
      const seconds = (Date.now() - t0) / 1000;
      progress.tick(1, `${(out.extracted / Math.max(seconds, 1e-3)).toFixed(2)} videos/s`);
    }
  } finally {
    await Promise.all(pending.values()); // let a prefetch finish before the extractor goes away
    await extractor?.dispose?.();
  }
  out.seconds = (Date.now() - t0) / 1000;
  return out;
}
