import type { AnchorGroup, AnchorRequest } from '../../../core/contracts/refiner.js';
import { TopiclensError } from '../../../core/errors.js';
import { Rng, seedFor } from '../../../core/tensor/rng.js';
import type { RunData } from './run-data.js';
import { clipFrames, type Clip } from './run-model.js';

/** Mean frame features of each training video (`[N, dim]`, in `data.trainIds` order). */
export function trainFeatureMeans(data: RunData): Float32Array {
  const dim = data.features.dim;
  const out = new Float32Array(data.trainIds.length * dim);
  data.trainIds.forEach((id, v) => {
    const x = data.features.get(id);
    const n = data.features.framesOf(id);
    for (let f = 0; f < n; f++) for (let j = 0; j < dim; j++) out[v * dim + j]! += x[f * dim + j]! / n;
  });
  return out;
}

/**
 * Anchor videos for a refinement of `clip` towards `topic`: `want.videos` training videos whose
 * topic vector lacks the topic, then `want.withTopic` (default 0) that have it, all with the frame
 * count most training videos share (one tensor). Each set is chosen `nearest` (mean frame features
 * closest to the clip's, Euclidean; ties by data-set order) or `random` (seeded by the clip and
 * topic, so a refinement is reproducible).
 */
export function chooseAnchors(data: RunData, clip: Clip, topic: number, want: AnchorRequest, means: Float32Array): AnchorGroup {
  const dim = data.features.dim;
  const lengths = new Map<number, number>();
  for (const id of data.trainIds) lengths.set(data.features.framesOf(id), (lengths.get(data.features.framesOf(id)) ?? 0) + 1);
  const numFrames = [...lengths.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
  const poolOf = (has: boolean) =>
    data.trainIds.flatMap((id, v) =>
      numFrames !== undefined && data.features.framesOf(id) === numFrames && data.topics.vectorOf(id).includes(topic) === has ? [v] : [],
    );
  const lacking = poolOf(false);
  if (lacking.length === 0)
    throw new TopiclensError(
      `No training video lacks topic "${data.topics.labels[topic]}", so there is no anchor video; set the refiner's anchorVideos to 0.`,
    );
  const withTopic = want.withTopic ?? 0;
  const picked = [
    ...pickAnchors(data, clip, topic, lacking, want.videos, want.selection, means, ''),
    ...(withTopic > 0 ? pickAnchors(data, clip, topic, poolOf(true), withTopic, want.selection, means, '/with') : []),
  ];
  const frames = new Float32Array(picked.length * numFrames! * dim);
  picked.forEach((v, i) => {
    frames.set(data.features.get(data.trainIds[v]!), i * numFrames! * dim);
  });
  return { frames, numVideos: picked.length, numFrames: numFrames!, videoIds: picked.map((v) => data.trainIds[v]!), kind: 'training' };
}

function pickAnchors(
  data: RunData,
  clip: Clip,
  topic: number,
  pool: number[],
  count: number,
  selection: AnchorRequest['selection'],
  means: Float32Array,
  seedTag: string,
): number[] {
  if (selection === 'random') {
    const rng = new Rng(seedFor(0, `anchors/${clip.id}/${clip.from}-${clip.to}/${topic}${seedTag}`));
    return rng.shuffle([...pool]).slice(0, count);
  }
  const dim = data.features.dim;
  const x = clipFrames(data, clip);
  const n = clip.to - clip.from;
  const c = new Float64Array(dim);
  for (let f = 0; f < n; f++) for (let j = 0; j < dim; j++) c[j]! += x[f * dim + j]! / n;
  const dist = (v: number) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (means[v * dim + j]! - c[j]!) ** 2;
    return s;
  };
  return pool
    .map((v) => ({ v, d: dist(v) }))
    .sort((a, b) => a.d - b.d || a.v - b.v)
    .slice(0, count)
    .map((p) => p.v);
}

/**
 * The clips refined earlier in a model's chain (oldest first; the clip being refined now and
 * clips no longer in the run are left out), in groups of equal length: anchoring them at what
 * the current model gives them keeps their corrections.
 */
export function earlierAnchors(data: RunData, earlier: readonly Clip[], now: Clip): AnchorGroup[] {
  const dim = data.features.dim;
  const seen = new Set<string>([`${now.id}/${now.from}/${now.to}`]);
  const byLength = new Map<number, Clip[]>();
  for (const c of earlier) {
    const key = `${c.id}/${c.from}/${c.to}`;
    if (seen.has(key) || !data.features.ids.includes(c.id) || c.to > data.features.framesOf(c.id) || c.to <= c.from) continue;
    seen.add(key);
    byLength.set(c.to - c.from, [...(byLength.get(c.to - c.from) ?? []), c]);
  }
  return [...byLength.entries()].map(([n, clips]) => {
    const frames = new Float32Array(clips.length * n * dim);
    clips.forEach((c, i) => {
      frames.set(clipFrames(data, c), i * n * dim);
    });
    return { frames, numVideos: clips.length, numFrames: n, videoIds: clips.map((c) => c.id), kind: 'earlier' as const };
  });
}
