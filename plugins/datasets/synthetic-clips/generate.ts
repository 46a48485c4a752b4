import type { DatasetInfo, Split, VideoRecord } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';
import { Sfc32Rng, hashSeed } from '../../../core/tensor/rng.js';
import { describeMany, makeAnnotators, type Described } from './captions.js';
import { renderFeatures } from './features.js';
import { renderFrames } from './frames.js';
import { sampleClip, type ClipSpec } from './sample.js';
import { ACTIONS, type Variant } from './world.js';

export interface SyntheticOptions {
  /** `standard`, or `shifted` (a different object/scene mix, for transfer experiments). */
  variant: Variant;
  /** Clips per split. */
  counts: { train: number; val: number; test: number };
  /** Frames per clip (per half when `doubleLength`). */
  frames: number;
  /** `features`: per-frame vectors from the fixed map (no FeatureExtractor needed); `frames`: RGB frames. */
  rendering: 'features' | 'frames';
  featureDim: number;
  frameSize: number;
  /** Noise level of the rendering (0 = none; 1 = default). */
  noise: number;
  /** Data seed: which clips and captions (default: the experiment seed). */
  seed?: number;
  /** World seed: the feature map and the annotators; keep it fixed so all data shares them. */
  worldSeed: number;
  captionsPerClip: { min: number; max: number };
  /** Clips twice as long whose two halves share scene and objects (actions may change). */
  doubleLength: boolean;
  annotators: number;
}

export const SPLITS: Split[] = ['train', 'val', 'test'];

const r3 = (v: number): number => Math.round(v * 1000) / 1000;

function groundTruth(spec: ClipSpec, annotators: string[], halves: { captions: string[] }[] | undefined): Record<string, unknown> {
  const gt: Record<string, unknown> = {
    scene: spec.scene,
    objects: spec.objects.map((o) => ({ kind: o.kind, colour: o.colour, size: o.size, action: o.actions[0]! })),
    label: spec.objects[0]!.actions[0]!,
    frames: spec.poses.map((poses, f) => ({
      objects: poses.map((p, o) => ({
        action: spec.objects[o]!.actions[Math.floor(f / spec.framesPerHalf)]!,
        x: r3(p.x),
        y: r3(p.y),
        scale: r3(p.scale),
        rotation: r3(p.rotation),
        visible: p.visible,
      })),
    })),
    annotators,
  };
  if (halves) {
    gt.halves = halves.map((h, i) => ({
      frames: [i * spec.framesPerHalf, (i + 1) * spec.framesPerHalf],
      scene: spec.scene,
      objects: spec.objects.map((o) => ({ kind: o.kind, colour: o.colour, size: o.size, action: o.actions[i]! })),
      captions: h.captions,
    }));
  }
  return gt;
}

const described = (spec: ClipSpec, half: number | 'whole'): Described => ({
  scene: spec.scene,
  objects: spec.objects.map((o) => ({
    kind: o.kind,
    colour: o.colour,
    size: o.size,
    action: o.actions[half === 'whole' ? 0 : half]!,
    nextAction: half === 'whole' && o.actions.length > 1 ? o.actions[1] : undefined,
  })),
});

/** Generate the index of a synthetic data set (features/frames are rendered lazily on `load()`). */
export function generateSynthetic(o: SyntheticOptions, experimentSeed: number): { videos: VideoRecord[]; info: DatasetInfo } {
  const seed = o.seed ?? experimentSeed;
  if (o.captionsPerClip.min > o.captionsPerClip.max) {
    throw new TopiclensError(
      `synthetic-clips: captionsPerClip.min (${o.captionsPerClip.min}) is larger than captionsPerClip.max (${o.captionsPerClip.max})`,
    );
  }
  const total = o.counts.train + o.counts.val + o.counts.test;
  if (total === 0) throw new TopiclensError('synthetic-clips: counts.train + counts.val + counts.test is 0; ask for at least one clip');
  const pool = makeAnnotators(o.worldSeed, o.annotators);
  const halves = o.doubleLength ? 2 : 1;
  // Ids differ between variants and lengths, so caches keyed by video id never mix them.
  const prefix = `syn${o.variant === 'shifted' ? '-shifted' : ''}${halves === 2 ? '-long' : ''}`;
  const videos: VideoRecord[] = [];
  for (const split of SPLITS) {
    for (let i = 0; i < o.counts[split]; i++) {
      const id = `${prefix}-${split}-${String(i + 1).padStart(5, '0')}`;
      // Each clip has its own stream: changing the counts never changes other clips.
      const rng = Sfc32Rng.from(seed, o.variant, split, i, halves);
      const spec = sampleClip(rng, o.variant, o.frames, halves);
      const count = rng.intBetween(o.captionsPerClip.min, o.captionsPerClip.max);
      const written = describeMany(rng, pool, described(spec, 'whole'), count);
      const halfCaptions =
        halves === 2
          ? [0, 1].map((h) => ({
              captions: describeMany(rng, pool, described(spec, h), rng.intBetween(o.captionsPerClip.min, o.captionsPerClip.max)).map(
                (w) => w.text,
              ),
            }))
          : undefined;
      const noiseSeed = hashSeed(seed, 'noise', id);
      const source: VideoRecord['source'] =
        o.rendering === 'features'
          ? { kind: 'features', load: async () => renderFeatures(spec, o.worldSeed, o.featureDim, o.noise, noiseSeed) }
          : { kind: 'frames', load: async () => renderFrames(spec, o.frameSize, noiseSeed, o.noise) };
      videos.push({
        id,
        split,
        captions: written.map((w) => w.text),
        label: spec.objects[0]!.actions[0]!,
        source,
        groundTruth: groundTruth(
          spec,
          written.map((w) => w.annotator),
          halfCaptions,
        ),
      });
    }
  }
  return { videos, info: { name: `synthetic-clips${o.variant === 'shifted' ? ' (shifted)' : ''}`, labels: [...ACTIONS], skipped: [] } };
}
