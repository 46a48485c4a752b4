/**
 * bench/extract — frame feature extraction throughput at 224×224 (GoogLeNet pool5/7x7_s1, 1024-d).
 * The real BVLC weights cannot be downloaded here, so the network is a seeded random-weight
 * Inception v1 with GoogLeNet's exact topology (generated ONNX, ~7 M weights, ~1.6 GFLOP/frame).
 *  1. `googlenet` on ONNX Runtime (CPU): frames/s over batches of `--batch` frames (default 28 = one video).
 *  2. `googlenet-tfjs` on the tfjs `--backend` (default wasm) on the same frames; max |difference| to (1).
 *  3. Decoding: ffmpeg picking 28 frames of a 10 s 320×240 MPEG-4 clip (MSVD-like) + Caffe preprocessing.
 * Run: npx tsx bench/extract.ts [--backend wasm|cpu] [--batch 28] [--seconds 8] [--threads 0]
 */
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '../core/tensor/tfjs-registrations.js';
import '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-node';
import { caffePreprocess } from '../plugins/feature-extractors/googlenet/preprocess.js';
import { prepareGooglenet } from '../plugins/feature-extractors/googlenet/load-onnx.js';
import { convertModel } from '../plugins/feature-extractors/googlenet-tfjs/convert.js';
import { TfjsGraph } from '../plugins/feature-extractors/googlenet-tfjs/run-graph.js';
import { inceptionV1, seededRandom } from '../plugins/feature-extractors/shared/onnx/testing/build.js';
import { decodeModel, encodeModel } from '../plugins/feature-extractors/shared/onnx/model.js';
import { decodeFrames } from '../plugins/feature-extractors/video/decode.js';
import { ffmpegPath } from '../plugins/feature-extractors/video/ffmpeg-path.js';
import { writeTestsrcVideo } from '../test/support/feature-extractors/test-videos.js';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    batch: { type: 'string', default: '28' },
    seconds: { type: 'string', default: '8' },
    threads: { type: 'string', default: '0' },
  },
});
const B = Number(values.batch);
const budget = Number(values.seconds) * 1000;
const threads = Number(values.threads) || availableParallelism();

/** Run `fn` (one batch) until `ms` has passed (after one warm-up call); frames/s. */
/**
 * The machine is shared: besides wall-clock frames/s, report frames per CPU-second of this
 * process (all its threads) — times the core count it estimates the rate on an idle machine.
 */
async function rate(
  fn: () => Promise<unknown> | unknown,
  frames: number,
  ms: number,
  minCalls = 2,
): Promise<{ fps: number; perCpuSecond: number; calls: number }> {
  await fn();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let calls = 0;
  while (calls < minCalls || performance.now() - t0 < ms) {
    await fn();
    calls++;
  }
  const cpu = process.cpuUsage(c0);
  return {
    fps: (frames * calls) / ((performance.now() - t0) / 1000),
    perCpuSecond: (frames * calls) / ((cpu.user + cpu.system) / 1e6),
    calls,
  };
}
const fmt = (r: { fps: number; perCpuSecond: number; calls: number }, cores: number) =>
  `${r.fps.toFixed(2)} frames/s wall (${r.calls} batches); ${r.perCpuSecond.toFixed(2)} frames per CPU-second → ~${(r.perCpuSecond * cores).toFixed(1)} frames/s on ${cores} idle core${cores > 1 ? 's' : ''}`;

const { model } = inceptionV1(2017);
const bytes = encodeModel(model);
const prepared = prepareGooglenet(decodeModel(bytes), 'inception-v1-random.onnx');
const rnd = seededRandom(1);
const x = Float32Array.from({ length: B * 3 * 224 * 224 }, () => rnd.next() * 255 - 115);
console.log(
  `bench/extract — Inception v1 (BVLC GoogLeNet topology, seeded random weights, ${(bytes.length / 1e6).toFixed(1)} MB ONNX), 224×224, batch ${B}, ${availableParallelism()} CPUs`,
);

// 1. ONNX Runtime
const session = await ort.InferenceSession.create(encodeModel(prepared.model), {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  intraOpNumThreads: threads,
  extra: { session: { intra_op: { allow_spinning: '0' } } },
});
const feeds = { [prepared.inputName]: new ort.Tensor('float32', x, [B, 3, 224, 224]) };
let onnxOut: Float32Array = new Float32Array(0);
const onnx = await rate(
  async () => {
    onnxOut = (await session.run(feeds))[prepared.outputName]!.data as Float32Array;
  },
  B,
  budget,
);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`googlenet (ONNX Runtime ${ort.env.versions?.common ?? ''} CPU, ${threads} threads): ${fmt(onnx, threads)}`);
await session.release();

// 2. tfjs
await tf.setBackend(values.backend!);
await tf.ready();
const { json, weights } = convertModel(prepared.model, 'inception-v1-random.onnx', prepared);
const graph = TfjsGraph.fromArrays(tf, json, weights);
const tb = Math.min(B, 4);
let tfOut: Float32Array = new Float32Array(0);
const tfjsRate = await rate(
  () => {
    tfOut = graph.predict(x.subarray(0, tb * 3 * 224 * 224), tb, 224, 224);
  },
  tb,
  budget,
  1,
);
let maxDiff = 0;
let maxAbs = 0;
for (let i = 0; i < tfOut.length; i++) {
  maxDiff = Math.max(maxDiff, Math.abs(tfOut[i]! - onnxOut[i]!));
  maxAbs = Math.max(maxAbs, Math.abs(onnxOut[i]!));
}
console.log(`googlenet-tfjs (tfjs ${tf.version_core}, backend ${tf.getBackend()}, 1 thread, batch ${tb}): ${fmt(tfjsRate, 1)}`);
console.log(`  max |tfjs − ONNX| = ${maxDiff.toExponential(2)} (max |feature| ${maxAbs.toFixed(2)})`);
console.log(`ratio ONNX Runtime / tfjs-${tf.getBackend()} per CPU-second: ${(onnx.perCpuSecond / tfjsRate.perCpuSecond).toFixed(1)}×`);
graph.dispose();

// 3. decoding + preprocessing
const dir = await mkdtemp(join(tmpdir(), 'tl-bench-extract-'));
try {
  const clip = join(dir, 'clip.avi');
  await writeTestsrcVideo(clip, 10, 320, 240, 30);
  const ffmpeg = ffmpegPath();
  const dec = await rate(
    async () => {
      const s = await decodeFrames(clip, { ffmpeg, frames: 28, size: { width: 256, height: 256 } });
      caffePreprocess(s, 224);
    },
    28,
    budget / 2,
  );
  console.log(
    `decode (ffmpeg, 28 of 300 frames of a 10 s 320×240 MPEG-4 clip → 256² → 224 crop): ${dec.fps.toFixed(1)} frames/s wall = ${(dec.fps / 28).toFixed(2)} videos/s (ffmpeg runs in a child process: its CPU is not in this process's figure)`,
  );
  const seq = 1 / (1 / onnx.fps + 1 / dec.fps);
  const overlapped = Math.min(onnx.fps, dec.fps);
  console.log(
    `estimated googlenet end to end at these wall rates: ${seq.toFixed(1)} frames/s decoding then inferring; up to ${overlapped.toFixed(1)} frames/s with the stage's one-video prefetch (= ${(overlapped / 28).toFixed(2)} videos/s)`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
