import type { Sfc32Rng } from '../../../core/tensor/rng.js';
import {
  ACTIONS,
  COLOURS,
  KINDS,
  MIXES,
  SCENES,
  SIZES,
  SIZE_SCALE,
  type Action,
  type Colour,
  type Kind,
  type Scene,
  type Size,
  type Variant,
} from './world.js';

/** One object of a clip. `actions[h]` is its action in half `h` (one entry unless double length). */
export interface ObjectSpec {
  kind: Kind;
  colour: Colour;
  size: Size;
  actions: Action[];
}

/** Where an object is in one frame (frame coordinates: x, y in [0, 1], y down). */
export interface Pose {
  x: number;
  y: number;
  /** Object width as a fraction of the frame width. */
  scale: number;
  /** Radians. */
  rotation: number;
  /** False when the object's centre is outside the frame. */
  visible: boolean;
}

export interface ClipSpec {
  scene: Scene;
  objects: ObjectSpec[];
  /** Frames per half; the clip has `framesPerHalf * halves` frames. */
  framesPerHalf: number;
  halves: 1 | 2;
  /** `poses[frame][object]`. */
  poses: Pose[][];
  /** Per-clip nuisance factors in [-1, 1] (lighting, camera tint, clutter): visible, but not described. */
  nuisance: number[];
}

export const NUISANCE_DIM = 6;

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** Draw the attributes of a clip. */
export function sampleClip(rng: Sfc32Rng, variant: Variant, framesPerHalf: number, halves: 1 | 2): ClipSpec {
  const mix = MIXES[variant];
  const scene = SCENES[rng.weighted(mix.scenes)]!;
  const count = rng.bool(mix.twoObjects) ? 2 : 1;
  const objects: ObjectSpec[] = [];
  for (let o = 0; o < count; o++) {
    let kind = KINDS[rng.weighted(mix.kinds)]!;
    // Two objects of the same kind are allowed but rare (redraw once).
    if (o === 1 && kind === objects[0]!.kind) kind = KINDS[rng.weighted(mix.kinds)]!;
    const colour = COLOURS[rng.weighted(mix.colours)]!;
    const size = SIZES[rng.weighted(mix.sizes)]!;
    const actions: Action[] = [ACTIONS[rng.weighted(mix.actions)]!];
    if (halves === 2) actions.push(rng.bool(0.5) ? actions[0]! : ACTIONS[rng.weighted(mix.actions)]!);
    objects.push({ kind, colour, size, actions });
  }
  const nuisance = Array.from({ length: NUISANCE_DIM }, () => rng.uniform(-1, 1));

  const poses: Pose[][] = Array.from({ length: framesPerHalf * halves }, () => []);
  objects.forEach((obj, o) => {
    const base = SIZE_SCALE[obj.size] * rng.uniform(0.9, 1.1);
    // Two objects start on different sides of the frame.
    const lane = count === 1 ? rng.uniform(0.35, 0.65) : o === 0 ? rng.uniform(0.22, 0.42) : rng.uniform(0.58, 0.78);
    let start: Pose = { x: lane, y: rng.uniform(0.5, 0.72), scale: base, rotation: rng.uniform(-0.15, 0.15), visible: true };
    for (let h = 0; h < halves; h++) {
      const path = trajectory(obj.actions[h]!, rng, start, base, framesPerHalf);
      path.forEach((p, f) => {
        poses[h * framesPerHalf + f]!.push(p);
      });
      start = path[path.length - 1]!;
    }
  });
  return { scene, objects, framesPerHalf, halves, poses, nuisance };
}

/** Per-frame poses of one object doing `action`, starting near `start`. */
export function trajectory(action: Action, rng: Sfc32Rng, start: Pose, base: number, n: number): Pose[] {
  let { x, y, rotation } = start;
  const out: Pose[] = [];
  const rest = { x: clamp(x, 0.15, 0.85), y: clamp(y, 0.35, 0.8) };
  // Per-path parameters.
  const dist = rng.uniform(0.35, 0.55);
  const height = rng.uniform(0.18, 0.3);
  const omega = (rng.bool(0.5) ? 1 : -1) * rng.uniform(2 * Math.PI, 4 * Math.PI);
  const radius = rng.uniform(0.14, 0.2);
  const phase = rng.uniform(0, 2 * Math.PI);
  const dir = rng.bool(0.5) ? 1 : -1;
  const bounces = rng.intBetween(2, 4);
  if (action === 'left' && x - dist < 0.08) x = rng.uniform(0.62, 0.85);
  if (action === 'right' && x + dist > 0.92) x = rng.uniform(0.15, 0.38);
  for (let f = 0; f < n; f++) {
    const t = n === 1 ? 0 : f / (n - 1);
    const wobble = 0.006 * Math.sin(2 * Math.PI * (t * 3 + phase));
    let p: Omit<Pose, 'visible'>;
    switch (action) {
      case 'still':
        p = { x: rest.x + wobble, y: rest.y, scale: base, rotation };
        break;
      case 'left':
        p = { x: x - dist * t, y: rest.y + wobble, scale: base, rotation };
        break;
      case 'right':
        p = { x: x + dist * t, y: rest.y + wobble, scale: base, rotation };
        break;
      case 'jump':
        p = { x: rest.x + 0.05 * dir * t, y: Math.max(0.55, rest.y) - height * Math.sin(Math.PI * t), scale: base, rotation };
        break;
      case 'bounce':
        p = {
          x: rest.x,
          y: Math.max(0.55, rest.y) - height * Math.abs(Math.sin(Math.PI * bounces * t)) * (1 - 0.5 * t),
          scale: base,
          rotation,
        };
        break;
      case 'spin':
        p = { x: rest.x, y: rest.y, scale: base, rotation: rotation + omega * t };
        break;
      case 'grow':
        p = { x: rest.x, y: rest.y, scale: base * (0.55 + 0.95 * t), rotation };
        break;
      case 'shrink':
        p = { x: rest.x, y: rest.y, scale: base * (1.5 - 0.95 * t), rotation };
        break;
      case 'fall':
        p = { x: rest.x, y: 0.15 + 0.65 * t * t, scale: base, rotation };
        break;
      case 'rise':
        p = { x: rest.x, y: 0.82 - 0.64 * t, scale: base, rotation };
        break;
      case 'circle': {
        const a = phase + dir * 2 * Math.PI * t;
        const cx = clamp(rest.x, 0.3, 0.7);
        const cy = clamp(rest.y, 0.35, 0.65);
        p = { x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a), scale: base, rotation };
        break;
      }
    }
    out.push({ ...p, visible: p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1 });
  }
  return out;
}
