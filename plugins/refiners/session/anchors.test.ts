import { describe, expect, it } from 'vitest';
import { chooseAnchors, earlierAnchors, trainFeatureMeans } from './anchors.js';
import type { RunData } from './run-data.js';

// Training videos t0..t5, 2 frames of 2 features; video i's frames are (i, 0) and (i, 2) → mean (i, 1).
// Topic 0 is in t1 and t3. The clip (test video q) has mean (2.2, 1).
const data = (): RunData => {
  const feats = new Map<string, Float32Array>();
  for (let i = 0; i < 6; i++) feats.set(`t${i}`, Float32Array.from([i, 0, i, 2]));
  feats.set('q', Float32Array.from([2.2, 1, 2.2, 1]));
  feats.set('t9', Float32Array.from([2, 1, 2, 1, 2, 1])); // 3 frames: never an anchor (the others have 2)
  const vectors: Record<string, number[]> = { t1: [0], t3: [0, 1] };
  return {
    trainIds: ['t0', 't1', 't2', 't3', 't4', 't5', 't9'],
    features: { dim: 2, get: (id: string) => feats.get(id)!, framesOf: (id: string) => feats.get(id)!.length / 2 },
    topics: { labels: ['dog', 'cat'], vectorOf: (id: string) => vectors[id] ?? [] },
  } as unknown as RunData;
};

describe('anchor videos', () => {
  it('nearest: training videos without the topic, closest in mean frame features first, of the common frame count', () => {
    const d = data();
    const means = trainFeatureMeans(d);
    expect(Array.from(means.subarray(0, 4))).toEqual([0, 1, 1, 1]);
    const a = chooseAnchors(d, { id: 'q', from: 0, to: 2 }, 0, { videos: 3, selection: 'nearest', earlier: false }, means);
    // distances to (2.2, 1): t2 0.04, t1 1.44 (has the topic), t3 0.64 (has it), t4 3.24, t0 4.84, t5 7.84
    expect(a.videoIds).toEqual(['t2', 't4', 't0']);
    expect(a.numVideos).toBe(3);
    expect(a.numFrames).toBe(2);
    expect(Array.from(a.frames.subarray(0, 4))).toEqual([2, 0, 2, 2]);
  });

  it('withTopic: the nearest videos that have the topic follow those that lack it', () => {
    const d = data();
    const a = chooseAnchors(
      d,
      { id: 'q', from: 0, to: 2 },
      0,
      { videos: 2, selection: 'nearest', earlier: false, withTopic: 1 },
      trainFeatureMeans(d),
    );
    // lacking topic 0: t2 (0.04), t4 (3.24); having it: t3 (0.64) before t1 (1.44)
    expect(a.videoIds).toEqual(['t2', 't4', 't3']);
    expect(a.numVideos).toBe(3);
    expect(Array.from(a.frames.subarray(8, 12))).toEqual([3, 0, 3, 2]);
    const r = chooseAnchors(
      d,
      { id: 'q', from: 0, to: 2 },
      0,
      { videos: 1, selection: 'random', earlier: false, withTopic: 5 },
      trainFeatureMeans(d),
    ).videoIds;
    expect(r.slice(1).sort()).toEqual(['t1', 't3']);
    expect(['t0', 't2', 't4', 't5']).toContain(r[0]);
  });

  it('random: a seeded sample without the topic, the same for the same clip and topic', () => {
    const d = data();
    const means = trainFeatureMeans(d);
    const pick = (topic: number) =>
      chooseAnchors(d, { id: 'q', from: 0, to: 2 }, topic, { videos: 2, selection: 'random', earlier: false }, means).videoIds;
    const first = pick(0);
    expect(first).toHaveLength(2);
    for (const id of first) expect(['t0', 't2', 't4', 't5']).toContain(id);
    expect(pick(0)).toEqual(first);
    expect(pick(1)).not.toContain('t3');
  });

  it("earlier corrections: the chain's clips grouped by length, without the clip refined now or a repeat", () => {
    const d = data();
    (d.features as { ids?: string[] }).ids = ['t0', 't1', 't2', 't9', 'q'];
    const groups = earlierAnchors(
      d,
      [
        { id: 't0', from: 0, to: 1 },
        { id: 't9', from: 0, to: 3 },
        { id: 't2', from: 1, to: 2 },
        { id: 't0', from: 0, to: 1 },
        { id: 'q', from: 0, to: 2 },
        { id: 'gone', from: 0, to: 1 },
      ],
      { id: 'q', from: 0, to: 2 },
    );
    expect(groups.map((g) => [g.numFrames, g.videoIds])).toEqual([
      [1, ['t0', 't2']],
      [3, ['t9']],
    ]);
    expect(Array.from(groups[0]!.frames)).toEqual([0, 0, 2, 2]);
    expect(groups.every((g) => g.kind === 'earlier')).toBe(true);
  });

  it('says what to do when every training video has the topic', () => {
    const d = data();
    (d.topics as { vectorOf: (id: string) => number[] }).vectorOf = () => [0];
    expect(() =>
      chooseAnchors(d, { id: 'q', from: 0, to: 2 }, 0, { videos: 2, selection: 'nearest', earlier: false }, trainFeatureMeans(d)),
    ).toThrow(/No training video lacks topic "dog".*anchorVideos to 0/);
  });
});
