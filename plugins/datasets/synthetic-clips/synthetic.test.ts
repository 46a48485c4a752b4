import { describe, expect, it } from 'vitest';
import type { FeatureMatrix, FrameStack, VideoRecord } from '../../../core/contracts/dataset.js';
import { ptbTokenize } from '../../../core/text/ptb-tokenize.js';
import { generateSynthetic, type SyntheticOptions } from './generate.js';
import { defaults } from './schema.js';
import { ACTIONS, KINDS, MIXES } from './world.js';

const opts = (o: Partial<SyntheticOptions>): SyntheticOptions => ({ ...defaults, ...o });
// biome-ignore lint/suspicious/noExplicitAny: the written ground-truth JSON, read field by field in assertions (a wrong shape fails them).
const gt = (v: VideoRecord): any => v.groundTruth;
const features = (v: VideoRecord): Promise<FeatureMatrix> => (v.source as { load(): Promise<FeatureMatrix> }).load();

describe('synthetic-clips: index', () => {
  const { videos, info } = generateSynthetic(opts({ counts: { train: 300, val: 20, test: 30 }, featureDim: 64 }), 7);

  it('has the requested clips per split, ids, labels and 20–40 captions each', () => {
    expect(videos.filter((v) => v.split === 'train')).toHaveLength(300);
    expect(videos.filter((v) => v.split === 'val')).toHaveLength(20);
    expect(videos.filter((v) => v.split === 'test')).toHaveLength(30);
    expect(videos[0]!.id).toBe('syn-train-00001');
    expect(new Set(videos.map((v) => v.id)).size).toBe(350);
    expect(info.labels).toEqual([...ACTIONS]);
    expect(info.labels).toHaveLength(11);
    for (const v of videos) {
      expect(v.captions.length).toBeGreaterThanOrEqual(20);
      expect(v.captions.length).toBeLessThanOrEqual(40);
      expect(v.label).toBe(gt(v).objects[0].action);
      expect(gt(v).frames).toHaveLength(28);
      expect(gt(v).annotators).toHaveLength(v.captions.length);
    }
  });

  it('is deterministic in the seed, and a clip does not depend on the split counts', () => {
    const again = generateSynthetic(opts({ counts: { train: 5, val: 0, test: 0 }, featureDim: 64 }), 7).videos;
    expect(again.map((v) => v.captions)).toEqual(videos.slice(0, 5).map((v) => v.captions));
    expect(again.map((v) => v.groundTruth)).toEqual(videos.slice(0, 5).map((v) => v.groundTruth));
    const other = generateSynthetic(opts({ counts: { train: 5, val: 0, test: 0 }, featureDim: 64 }), 8).videos;
    expect(other.map((v) => v.captions)).not.toEqual(again.map((v) => v.captions));
    // The option seed overrides the experiment seed.
    const pinned = generateSynthetic(opts({ counts: { train: 5, val: 0, test: 0 }, seed: 7 }), 99).videos;
    expect(pinned.map((v) => v.captions)).toEqual(again.map((v) => v.captions));
  });

  it('has skewed attribute frequencies, with 1–2 objects', () => {
    const counts = new Map<string, number>();
    let two = 0;
    for (const v of videos) {
      if (gt(v).objects.length === 2) two++;
      for (const o of gt(v).objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
    }
    expect(two / videos.length).toBeGreaterThan(0.2);
    expect(two / videos.length).toBeLessThan(0.4);
    const dog = counts.get('dog') ?? 0;
    const bear = counts.get('bear') ?? 0;
    // Weights 24 vs 3: the common kind is several times the rare one, yet the rare one occurs.
    expect(dog).toBeGreaterThan(4 * bear);
    expect(bear).toBeGreaterThan(0);
    expect(counts.size).toBe(KINDS.length);
  });

  it('the shifted variant has a different object and scene mix', () => {
    const shifted = generateSynthetic(opts({ variant: 'shifted', counts: { train: 300, val: 0, test: 0 } }), 7).videos;
    expect(shifted[0]!.id).toBe('syn-shifted-train-00001');
    const share = (vs: VideoRecord[], kind: string): number => vs.filter((v) => gt(v).objects[0].kind === kind).length / vs.length;
    expect(share(videos, 'dog')).toBeGreaterThan(0.15);
    expect(share(shifted, 'dog')).toBeLessThan(0.06);
    expect(share(shifted, 'bear')).toBeGreaterThan(0.12);
    expect(MIXES.shifted.scenes).not.toEqual(MIXES.standard.scenes);
  });

  it('captions vary: synonyms, omissions, word orders, some errors', () => {
    const all = videos.flatMap((v) => v.captions);
    const tokens = all.map(ptbTokenize);
    const has = (w: string): number => tokens.filter((t) => t.includes(w)).length;
    // Synonyms of the same thing all occur.
    for (const w of ['dog', 'puppy', 'ball', 'sphere', 'grass', 'field', 'lawn']) expect(has(w)).toBeGreaterThan(0);
    // Distinct sentences per clip: annotators rarely write the identical sentence.
    const v0 = videos[0]!;
    expect(new Set(v0.captions.map((c) => ptbTokenize(c).join(' '))).size).toBeGreaterThan(v0.captions.length * 0.6);
    // Word order: scene first ("on the grass, a dog ...") and "there is ..." both occur.
    expect(all.filter((c) => /^(on|in|at|by|inside|indoors)\b/i.test(c)).length).toBeGreaterThan(50);
    expect(all.filter((c) => /^there is/i.test(c)).length).toBeGreaterThan(50);
    // Colour omitted in some but not most captions of single-object clips.
    const single = videos.filter((v) => gt(v).objects.length === 1);
    let withColour = 0;
    let n = 0;
    for (const v of single) {
      for (const c of v.captions) {
        n++;
        const t = ptbTokenize(c);
        if (['red', 'crimson', 'blue', 'white', 'black', 'dark', 'green', 'yellow', 'purple', 'violet'].some((w) => t.includes(w)))
          withColour++;
      }
    }
    expect(withColour / n).toBeGreaterThan(0.4);
    expect(withColour / n).toBeLessThan(0.9);
    // Errors: some captions name a kind that is not in the clip, but few.
    let wrong = 0;
    let total = 0;
    for (const v of single) {
      const kind = gt(v).objects[0].kind as string;
      for (const c of v.captions) {
        total++;
        const t = ptbTokenize(c);
        const named = KINDS.filter((k) => t.includes(k));
        if (named.length > 0 && !named.includes(kind as never)) wrong++;
      }
    }
    expect(wrong / total).toBeGreaterThan(0.001);
    expect(wrong / total).toBeLessThan(0.05);
  });
});

describe('synthetic-clips: renderings', () => {
  it('features are [frames, dim], non-negative, deterministic; the map is the same for every data seed', async () => {
    const a = generateSynthetic(opts({ counts: { train: 2, val: 0, test: 0 }, featureDim: 32, noise: 0 }), 1).videos;
    const b = generateSynthetic(opts({ counts: { train: 2, val: 0, test: 0 }, featureDim: 32, noise: 0 }), 1).videos;
    const fa = await features(a[0]!);
    expect([fa.frames, fa.dim, fa.data.length]).toEqual([28, 32, 28 * 32]);
    expect(fa.data.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
    expect((await features(b[0]!)).data).toEqual(fa.data);
    expect(a[0]!.source.kind).toBe('features');
    // Same world seed, different data seed: a clip with identical content renders identically (noise 0).
    const c = generateSynthetic(opts({ counts: { train: 2, val: 0, test: 0 }, featureDim: 32, noise: 0 }), 2).videos;
    const d = generateSynthetic(opts({ counts: { train: 2, val: 0, test: 0 }, featureDim: 32, noise: 0, worldSeed: 5 }), 2).videos;
    const fc = await features(c[0]!);
    const fd = await features(d[0]!);
    expect(fc.data).not.toEqual(fa.data); // different clip
    expect(fd.data).not.toEqual(fc.data); // same clip, different world map
  });

  it('frames are real RGB images whose pixels show the object moving', async () => {
    const { videos } = generateSynthetic(
      opts({ counts: { train: 40, val: 0, test: 0 }, rendering: 'frames', frameSize: 48, frames: 6, noise: 0 }),
      3,
    );
    const v = videos.find((x) => gt(x).objects.length === 1 && gt(x).label === 'right')!;
    expect(v.source.kind).toBe('frames');
    const fs = await (v.source as { load(): Promise<FrameStack> }).load();
    expect([fs.frames, fs.height, fs.width, fs.data.length]).toEqual([6, 48, 48, 6 * 48 * 48 * 3]);
    // Column centroid of pixels that differ from the first frame's background moves right.
    const changed = (f: number): number => {
      let sx = 0;
      let n = 0;
      for (let y = 0; y < 48; y++) {
        for (let x = 0; x < 48; x++) {
          let diff = 0;
          for (let c = 0; c < 3; c++)
            diff += Math.abs(fs.data[((f * 48 + y) * 48 + x) * 3 + c]! - fs.data[((5 * 48 + y) * 48 + x) * 3 + c]!);
          if (diff > 30) {
            sx += x;
            n++;
          }
        }
      }
      return sx / n;
    };
    const pose = gt(v).frames;
    // Frame 0 differs from frame 5 where the object was at frame 0 and at frame 5.
    expect(pose[5].objects[0].x).toBeGreaterThan(pose[0].objects[0].x);
    expect(changed(0) / 48).toBeGreaterThan(pose[0].objects[0].x - 0.2);
    expect(changed(0) / 48).toBeLessThan(pose[5].objects[0].x + 0.2);
  });

  it('doubleLength clips have two halves sharing scene and objects, with per-half captions', () => {
    const { videos } = generateSynthetic(opts({ counts: { train: 60, val: 0, test: 0 }, doubleLength: true, frames: 10 }), 4);
    expect(videos[0]!.id).toBe('syn-long-train-00001');
    let changed = 0;
    for (const v of videos) {
      const g = gt(v);
      expect(g.frames).toHaveLength(20);
      expect(g.halves).toHaveLength(2);
      expect(g.halves[0].frames).toEqual([0, 10]);
      expect(g.halves[1].frames).toEqual([10, 20]);
      expect(g.halves[1].objects.map((o: { kind: string; colour: string; size: string }) => [o.kind, o.colour, o.size])).toEqual(
        g.halves[0].objects.map((o: { kind: string; colour: string; size: string }) => [o.kind, o.colour, o.size]),
      );
      expect(g.halves[1].scene).toBe(g.halves[0].scene);
      expect(g.halves[1].captions.length).toBeGreaterThanOrEqual(20);
      expect(g.frames[15].objects[0].action).toBe(g.halves[1].objects[0].action);
      if (g.halves[0].objects[0].action !== g.halves[1].objects[0].action) changed++;
    }
    // About half of the clips change action at the midpoint.
    expect(changed).toBeGreaterThan(15);
    expect(changed).toBeLessThan(45);
    expect(videos.some((v) => v.captions.some((c) => c.includes(' and then ')))).toBe(true);
  });
});

describe('synthetic-clips: features carry the attributes', () => {
  it('nearest-centroid classifiers on clip features beat chance by a wide margin', async () => {
    const { videos } = generateSynthetic(opts({ counts: { train: 360, val: 0, test: 180 }, featureDim: 128, frames: 12 }), 11);
    const mean = new Map<string, Float32Array>();
    const motion = new Map<string, Float32Array>();
    for (const v of videos) {
      const m = await features(v);
      const mu = new Float32Array(m.dim);
      const mo = new Float32Array(m.dim * 2);
      for (let f = 0; f < m.frames; f++) {
        for (let d = 0; d < m.dim; d++) {
          const x = m.data[f * m.dim + d]!;
          mu[d]! += x / m.frames;
          // Temporal summary: mean of the first and of the second half of the frames.
          mo[(f < m.frames / 2 ? 0 : m.dim) + d]! += x;
        }
      }
      mean.set(v.id, mu);
      motion.set(v.id, mo);
    }
    const single = videos.filter((v) => gt(v).objects.length === 1);
    const accuracy = (vs: VideoRecord[], key: (v: VideoRecord) => string, feats: Map<string, Float32Array>): number => {
      const cents = new Map<string, { s: Float64Array; n: number }>();
      for (const v of vs.filter((x) => x.split === 'train')) {
        const x = feats.get(v.id)!;
        const c = cents.get(key(v)) ?? { s: new Float64Array(x.length), n: 0 };
        x.forEach((val, i) => {
          c.s[i]! += val;
        });
        c.n++;
        cents.set(key(v), c);
      }
      const test = vs.filter((x) => x.split === 'test');
      let ok = 0;
      for (const v of test) {
        const x = feats.get(v.id)!;
        let best = '';
        let bd = Infinity;
        for (const [k, c] of cents) {
          let d = 0;
          for (let i = 0; i < x.length; i++) d += (x[i]! - c.s[i]! / c.n) ** 2;
          if (d < bd) {
            bd = d;
            best = k;
          }
        }
        if (best === key(v)) ok++;
      }
      return ok / test.length;
    };
    const kind = accuracy(single, (v) => gt(v).objects[0].kind, mean);
    const colour = accuracy(single, (v) => gt(v).objects[0].colour, mean);
    const scene = accuracy(videos, (v) => gt(v).scene, mean);
    const action = accuracy(single, (v) => v.label!, motion);
    // Chance: 1/10 kinds, 1/7 colours, 1/6 scenes, 1/11 actions.
    expect(kind).toBeGreaterThan(0.6);
    expect(colour).toBeGreaterThan(0.5);
    expect(scene).toBeGreaterThan(0.7);
    expect(action).toBeGreaterThan(0.15);
  });
});

describe('synthetic-clips: plugin', () => {
  it('creates a data set from the experiment seed, generated once per instance', async () => {
    const { syntheticClipsPlugin } = await import('./plugin.js');
    const ctx = { seed: 5, configDir: '/tmp' } as unknown as Parameters<typeof syntheticClipsPlugin.create>[1];
    const ds = await syntheticClipsPlugin.create({ ...defaults, counts: { train: 3, val: 1, test: 1 } }, ctx);
    const a = await ds.load();
    expect(await ds.load()).toBe(a);
    expect(a.videos.map((v) => v.split)).toEqual(['train', 'train', 'train', 'val', 'test']);
    expect(a.videos.map((v) => v.captions)).toEqual(
      generateSynthetic(opts({ counts: { train: 3, val: 1, test: 1 } }), 5).videos.map((v) => v.captions),
    );
  });
});
