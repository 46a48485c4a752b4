/**
 * Generation speed of the synthetic-clips data set: building the index (attributes + captions),
 * rendering features (28 × 1024 per clip) and rendering RGB frames (28 × 112 × 112 × 3).
 * Run: npx tsx bench/synthetic-clips.ts
 */
import type { FeatureMatrix, FrameStack } from '../core/contracts/dataset.js';
import { generateSynthetic } from '../plugins/datasets/synthetic-clips/generate.js';
import { defaults } from '../plugins/datasets/synthetic-clips/schema.js';

/** CPU milliseconds of this process since `from` (less sensitive than wall time on a shared machine). */
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

const clips = 2000;
let c0 = process.cpuUsage();
let t = performance.now();
const { videos } = generateSynthetic({ ...defaults, counts: { train: clips, val: 0, test: 0 } }, 1);
const indexMs = performance.now() - t;
const indexCpu = cpuMs(c0);
const captions = videos.reduce((a, v) => a + v.captions.length, 0);

const nFeat = 300;
c0 = process.cpuUsage();
t = performance.now();
for (const v of videos.slice(0, nFeat)) await (v.source as { load(): Promise<FeatureMatrix> }).load();
const featMs = performance.now() - t;
const featCpu = cpuMs(c0);

const framed = generateSynthetic({ ...defaults, rendering: 'frames', counts: { train: 30, val: 0, test: 0 } }, 1).videos;
c0 = process.cpuUsage();
t = performance.now();
for (const v of framed) await (v.source as { load(): Promise<FrameStack> }).load();
const frameMs = performance.now() - t;
const frameCpu = cpuMs(c0);

const row = (name: string, n: number, what: string, wall: number, cpu: number): void =>
  console.log(
    `${name.padEnd(9)} ${String(n).padStart(5)} clips ${what.padEnd(24)} wall ${(wall / n).toFixed(2).padStart(8)} ms/clip   cpu ${(cpu / n).toFixed(2).padStart(8)} ms/clip`,
  );
row('index', clips, `(${captions} captions)`, indexMs, indexCpu);
row('features', nFeat, '× 28 × 1024', featMs, featCpu);
row('frames', framed.length, '× 28 × 112×112×3', frameMs, frameCpu);
console.log(
  `cpu ratios: features/index ${(featCpu / nFeat / (indexCpu / clips)).toFixed(1)}×, frames/features ${(frameCpu / framed.length / (featCpu / nFeat)).toFixed(1)}×`,
);
