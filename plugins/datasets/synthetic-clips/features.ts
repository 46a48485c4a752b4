import type { FeatureMatrix } from '../../../core/contracts/dataset.js';
import { Sfc32Rng } from '../../../core/tensor/rng.js';
import { NUISANCE_DIM, type ClipSpec } from './sample.js';
import { COLOURS, KINDS, SCENES } from './world.js';

/**
 * The `features` rendering: a stand-in for a pretrained CNN. Each frame's visible content (the
 * scene, and for each visible object its kind, colour, position, scale, rotation and motion
 * blur) goes through a FIXED random two-layer map (weights drawn from `worldSeed` only, so every
 * data seed, split and variant shares it), then ReLU, plus noise — giving non-negative
 * `dim`-dimensional vectors, like GoogLeNet's pool5 features. Objects contribute in proportion
 * to their visible size, so small and shrinking objects are harder to see.
 */

const OBJ_IN = KINDS.length + COLOURS.length + 9 + SCENES.length;
const SCENE_IN = SCENES.length + NUISANCE_DIM;
const HIDDEN = 64;

interface FeatureMap {
  dim: number;
  /** [HIDDEN, OBJ_IN] */
  w1: Float32Array;
  b1: Float32Array;
  /** [HIDDEN, SCENE_IN] */
  ws: Float32Array;
  bs: Float32Array;
  /** [dim, HIDDEN] */
  w2: Float32Array;
  b2: Float32Array;
}

const maps = new Map<string, FeatureMap>();

function gaussian(rng: Sfc32Rng, n: number, std: number, mean = 0): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = mean + std * rng.normal();
  return a;
}

/** The fixed map for a world seed and feature size (cached). */
export function featureMap(worldSeed: number, dim: number): FeatureMap {
  const key = `${worldSeed}/${dim}`;
  let m = maps.get(key);
  if (!m) {
    const rng = Sfc32Rng.from(worldSeed, 'feature-map', dim);
    m = {
      dim,
      w1: gaussian(rng, HIDDEN * OBJ_IN, 1.2),
      b1: gaussian(rng, HIDDEN, 0.3),
      ws: gaussian(rng, HIDDEN * SCENE_IN, 0.9),
      bs: gaussian(rng, HIDDEN, 0.3),
      w2: gaussian(rng, dim * HIDDEN, (1 / Math.sqrt(HIDDEN)) * 1.6),
      b2: gaussian(rng, dim, 0.3, -0.4),
    };
    maps.set(key, m);
  }
  return m;
}

/** Render the feature matrix of a clip. `noise` scales the per-frame and per-clip noise. */
export function renderFeatures(spec: ClipSpec, worldSeed: number, dim: number, noise: number, noiseSeed: number): FeatureMatrix {
  const m = featureMap(worldSeed, dim);
  const rng = new Sfc32Rng(noiseSeed);
  const frames = spec.poses.length;
  const out = new Float32Array(frames * dim);
  const u = new Float32Array(OBJ_IN);
  const su = new Float32Array(SCENE_IN);
  const h = new Float32Array(HIDDEN);
  const sceneIdx = SCENES.indexOf(spec.scene);
  const clipNoise = gaussian(rng, dim, 0.5 * noise);
  const { w1, b1, w2, b2 } = m;

  // Scene hidden units are the same for every frame.
  su[sceneIdx] = 1;
  for (let k = 0; k < NUISANCE_DIM; k++) su[SCENES.length + k] = 0.6 * spec.nuisance[k]!;
  const hs = new Float32Array(HIDDEN);
  for (let j = 0; j < HIDDEN; j++) {
    let acc = m.bs[j]!;
    for (let k = 0; k < SCENE_IN; k++) acc += m.ws[j * SCENE_IN + k]! * su[k]!;
    hs[j] = Math.tanh(acc);
  }

  for (let f = 0; f < frames; f++) {
    h.set(hs);
    spec.objects.forEach((obj, o) => {
      const p = spec.poses[f]![o]!;
      if (!p.visible) return;
      const prev = spec.poses[Math.max(0, f - 1)]![o]!;
      u.fill(0);
      u[KINDS.indexOf(obj.kind)] = 1;
      u[KINDS.length + COLOURS.indexOf(obj.colour)] = 1;
      let k = KINDS.length + COLOURS.length;
      u[k++] = 2 * p.x - 1;
      u[k++] = 2 * p.y - 1;
      u[k++] = 4 * (p.scale - 0.18);
      u[k++] = Math.sin(p.rotation);
      u[k++] = Math.cos(p.rotation);
      // Motion blur: a frame of a moving object looks different from a still one.
      u[k++] = 8 * (p.x - prev.x);
      u[k++] = 8 * (p.y - prev.y);
      u[k++] = 8 * (p.scale - prev.scale);
      u[k++] = 0.5 * Math.abs(p.rotation - prev.rotation);
      u[k + SCENES.indexOf(spec.scene)] = 0.5;
      const amp = Math.min(1.6, Math.sqrt(p.scale / 0.18));
      for (let j = 0; j < HIDDEN; j++) {
        let acc = b1[j]!;
        const row = j * OBJ_IN;
        for (let i = 0; i < OBJ_IN; i++) acc += w1[row + i]! * u[i]!;
        h[j]! += amp * Math.tanh(acc);
      }
    });
    const base = f * dim;
    for (let d = 0; d < dim; d++) {
      let acc = b2[d]! + clipNoise[d]! + noise * rng.normal();
      const row = d * HIDDEN;
      for (let j = 0; j < HIDDEN; j++) acc += w2[row + j]! * h[j]!;
      if (acc > 0) out[base + d] = acc; // ReLU into the zeroed buffer (NaN stays 0)
    }
  }
  return { frames, dim, data: out };
}
