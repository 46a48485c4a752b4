import type { FrameStack } from '../../../core/contracts/dataset.js';
import { Sfc32Rng } from '../../../core/tensor/rng.js';
import type { ClipSpec } from './sample.js';
import { COLOUR_RGB, type Kind, type Scene } from './world.js';

/**
 * The `frames` rendering: real RGB frames drawn procedurally — a background per scene and each
 * object as a flat-shaded silhouette made of a few primitives, placed, scaled and rotated as its
 * per-frame pose says. Meant for a FeatureExtractor (a CNN), not for people to admire.
 */

type Primitive =
  | { t: 'ellipse'; cx: number; cy: number; rx: number; ry: number; shade: number }
  | { t: 'rect'; cx: number; cy: number; rx: number; ry: number; shade: number }
  | { t: 'tri'; pts: [number, number, number, number, number, number]; shade: number };

// Local coordinates: the object spans about [-1, 1]², y down. `shade` scales the object's
// colour; a negative shade means a fixed dark grey (wheels, eyes).
const E = (cx: number, cy: number, rx: number, ry: number, shade = 1): Primitive => ({ t: 'ellipse', cx, cy, rx, ry, shade });
const R = (cx: number, cy: number, rx: number, ry: number, shade = 1): Primitive => ({ t: 'rect', cx, cy, rx, ry, shade });
const T = (a: number, b: number, c: number, d: number, e: number, f: number, shade = 1): Primitive => ({
  t: 'tri',
  pts: [a, b, c, d, e, f],
  shade,
});

export const SHAPES: Record<Kind, Primitive[]> = {
  dog: [
    R(-0.5, 0.45, 0.08, 0.3),
    R(0.35, 0.45, 0.08, 0.3),
    E(0, 0.05, 0.7, 0.33),
    E(0.65, -0.3, 0.28, 0.24, 0.85),
    T(-0.7, -0.05, -1, -0.4, -0.6, 0.05),
    E(0.92, -0.28, 0.08, 0.06, -1),
  ],
  cat: [
    E(0, 0.2, 0.55, 0.35),
    E(0.55, -0.25, 0.3, 0.27, 0.9),
    T(0.32, -0.4, 0.42, -0.75, 0.55, -0.45, 0.9),
    T(0.6, -0.45, 0.75, -0.78, 0.82, -0.38, 0.9),
    T(-0.5, 0.1, -1, -0.7, -0.4, 0.2),
  ],
  ball: [E(0, 0, 0.85, 0.85), E(-0.3, -0.3, 0.2, 0.2, 1.35)],
  car: [
    R(0, 0.1, 0.95, 0.3),
    R(-0.05, -0.32, 0.5, 0.2, 0.85),
    E(-0.55, 0.45, 0.2, 0.2, -1),
    E(0.55, 0.45, 0.2, 0.2, -1),
    R(0.2, -0.32, 0.18, 0.13, 1.4),
  ],
  bird: [
    E(0, 0, 0.55, 0.3),
    T(-0.2, -0.1, 0.2, -0.1, -0.1, -0.85, 0.8),
    E(0.5, -0.2, 0.2, 0.18),
    T(0.65, -0.25, 0.95, -0.15, 0.65, -0.1, 2),
  ],
  horse: [
    R(-0.55, 0.5, 0.07, 0.4),
    R(0.45, 0.5, 0.07, 0.4),
    E(0, 0.05, 0.75, 0.3),
    R(0.65, -0.3, 0.12, 0.35, 0.9),
    E(0.8, -0.62, 0.24, 0.14, 0.9),
    T(-0.7, -0.05, -1, 0.5, -0.85, 0.05, 0.6),
  ],
  box: [R(0, 0, 0.75, 0.75, 0.75), R(0, 0, 0.62, 0.62)],
  robot: [
    R(0, 0.25, 0.5, 0.5),
    R(0, -0.5, 0.3, 0.25, 0.85),
    E(-0.12, -0.52, 0.06, 0.06, -1),
    E(0.12, -0.52, 0.06, 0.06, -1),
    R(0, -0.85, 0.03, 0.12, 0.7),
    R(-0.65, 0.2, 0.12, 0.35, 0.8),
    R(0.65, 0.2, 0.12, 0.35, 0.8),
  ],
  fish: [E(-0.05, 0, 0.65, 0.35), T(-0.6, 0, -1, -0.45, -1, 0.45, 0.85), E(0.35, -0.08, 0.07, 0.07, -1)],
  bear: [
    E(0, 0.2, 0.75, 0.55),
    E(0.55, -0.45, 0.35, 0.32, 0.95),
    E(0.35, -0.75, 0.12, 0.12, 0.9),
    E(0.75, -0.75, 0.12, 0.12, 0.9),
    E(0.85, -0.4, 0.07, 0.06, -1),
  ],
};

function inside(p: Primitive, x: number, y: number): boolean {
  switch (p.t) {
    case 'ellipse': {
      const dx = (x - p.cx) / p.rx;
      const dy = (y - p.cy) / p.ry;
      return dx * dx + dy * dy <= 1;
    }
    case 'rect':
      return Math.abs(x - p.cx) <= p.rx && Math.abs(y - p.cy) <= p.ry;
    case 'tri': {
      const [ax, ay, bx, by, cx, cy] = p.pts;
      const d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by);
      const d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy);
      const d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay);
      const neg = d1 < 0 || d2 < 0 || d3 < 0;
      const pos = d1 > 0 || d2 > 0 || d3 > 0;
      return !(neg && pos);
    }
  }
}

function background(scene: Scene, x: number, y: number, size: number, rng: Sfc32Rng): [number, number, number] {
  const v = y / size;
  const u = x / size;
  const grain = (rng.next() - 0.5) * 18;
  switch (scene) {
    case 'field':
      return v < 0.35 ? [135, 190, 235] : [40 + grain, 140 + grain + 12 * Math.sin(u * 40), 40];
    case 'street':
      if (v < 0.3) return [150, 180, 210];
      if (v > 0.62 && v < 0.66 && Math.floor(u * 8) % 2 === 0) return [235, 235, 235];
      return [95 + grain, 95 + grain, 100 + grain];
    case 'room':
      return v < 0.7 ? [225 + grain / 3, 205, 170] : [130 + grain, 85, 50];
    case 'beach':
      if (v < 0.3) return [130, 195, 245];
      if (v < 0.45) return [30, 110 + 10 * Math.sin(u * 30), 190];
      return [230 + grain / 2, 205 + grain / 2, 145];
    case 'snow':
      return v < 0.3 ? [200, 215, 230] : [242 + grain / 4, 245 + grain / 4, 250];
    case 'water':
      return [20, 90 + 25 * Math.sin(u * 25 + v * 12), 170 + grain];
  }
}

/** Draw all frames of a clip as `[frames, size, size, 3]` RGB bytes. */
export function renderFrames(spec: ClipSpec, size: number, noiseSeed: number, noise: number): FrameStack {
  const frames = spec.poses.length;
  const data = new Uint8Array(frames * size * size * 3);
  const rng = new Sfc32Rng(noiseSeed);
  const light = 1 + 0.15 * spec.nuisance[0]!;
  // The background is drawn once per clip (the camera does not move).
  const bg = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = background(spec.scene, x, y, size, rng);
      const i = (y * size + x) * 3;
      bg[i] = c[0];
      bg[i + 1] = c[1];
      bg[i + 2] = c[2];
    }
  }
  const frame = new Float32Array(size * size * 3);
  // Pixel noise: a table of Gaussian values indexed by the generator (one draw per byte would dominate the cost).
  const table = new Float32Array(4096);
  for (let i = 0; i < table.length; i++) table[i] = noise * 6 * rng.normal();
  for (let f = 0; f < frames; f++) {
    frame.set(bg);
    spec.objects.forEach((obj, o) => {
      const p = spec.poses[f]![o]!;
      const shapes = SHAPES[obj.kind];
      const rgb = COLOUR_RGB[obj.colour];
      const half = (p.scale * size) / 2; // pixels per local unit
      const cx = p.x * size;
      const cy = p.y * size;
      const reach = Math.ceil(half * 1.45);
      const cos = Math.cos(p.rotation);
      const sin = Math.sin(p.rotation);
      for (let py = Math.max(0, Math.floor(cy - reach)); py < Math.min(size, Math.ceil(cy + reach)); py++) {
        for (let px = Math.max(0, Math.floor(cx - reach)); px < Math.min(size, Math.ceil(cx + reach)); px++) {
          const dx = (px + 0.5 - cx) / half;
          const dy = (py + 0.5 - cy) / half;
          const lx = cos * dx + sin * dy;
          const ly = -sin * dx + cos * dy;
          let shade = 0;
          for (const s of shapes) if (inside(s, lx, ly)) shade = s.shade;
          if (shade === 0) continue;
          const i = (py * size + px) * 3;
          if (shade < 0) {
            frame[i] = frame[i + 1] = frame[i + 2] = 35;
          } else {
            frame[i] = rgb[0] * shade;
            frame[i + 1] = rgb[1] * shade;
            frame[i + 2] = rgb[2] * shade;
          }
        }
      }
    });
    const base = f * size * size * 3;
    for (let i = 0; i < frame.length; i++) {
      const v = frame[i]! * light + table[rng.uint32() & 4095]!;
      data[base + i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  return { frames, height: size, width: size, data };
}
