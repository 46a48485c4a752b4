/**
 * bench/pdm — prediction difference maximization (Eq. 9) at MSVD scale:
 * 1970 videos, D_v 1536 neurons, f 1536 → 512 (relu) → 100 (sigmoid), ~5 topics on per video.
 * Times the vectorized `pdm` attributor and the naive per-neuron loop (one forward pass of f per
 * (video, neuron)); the naive loop is timed on a few videos and extrapolated linearly to 1970.
 * Run: npx tsx bench/pdm.ts [--backend wasm|cpu] [--naive-videos 3] [--videos 1970] [--algorithm auto|dense]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '../core/tensor/tfjs-registrations.js';
import '@tensorflow/tfjs-backend-wasm';
import type { AttributionInput } from '../core/contracts/attributor.js';
import { consoleLogger } from '../core/logger.js';
import { pdmPlugin } from '../plugins/attributors/pdm/plugin.js';
import { mlpReadout } from '../plugins/attributors/shared/fit-probe.js';
import { naiveAblation } from '../plugins/attributors/shared/naive-ablation.js';
import { COMMON_DEFAULTS } from '../plugins/attributors/shared/options.js';
import { mulberry32 } from '../core/tensor/rng.js';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    'naive-videos': { type: 'string', default: '3' },
    videos: { type: 'string', default: '1970' },
    algorithm: { type: 'string', default: 'auto' },
  },
});
await tf.setBackend(values.backend!);
await tf.ready();

const N = Number(values.videos),
  D = 1536,
  H = 512,
  K = 100,
  ON = 5;
const rand = mulberry32(2017);
const uni = (len: number, scale: number): Float32Array => Float32Array.from({ length: len }, () => (rand() * 2 - 1) * scale);
const mlp = {
  w1: tf.tensor2d(uni(D * H, Math.sqrt(6 / (D + H))), [D, H]),
  b1: tf.tensor1d(uni(H, 0.1)),
  w2: tf.tensor2d(uni(H * K, Math.sqrt(6 / (H + K))), [H, K]),
  b2: tf.tensor1d(uni(K, 0.1)),
  activation: 'relu' as const,
  output: 'sigmoid' as const,
};
const features = uni(N * D, 1); // BiLSTM outputs live in (−1, 1)
const topicVectors = new Uint8Array(N * K);
for (let v = 0; v < N; v++) {
  let on = 0;
  while (on < ON) {
    const i = Math.floor(rand() * K);
    if (!topicVectors[v * K + i]) {
      topicVectors[v * K + i] = 1;
      on++;
    }
  }
}
const input: AttributionInput = {
  features,
  numVideos: N,
  numNeurons: D,
  topicVectors,
  numTopics: K,
  topicNames: Array.from({ length: K }, (_, i) => `topic${i}`),
  videoIds: Array.from({ length: N }, (_, i) => `vid${i}`),
  readout: mlpReadout(tf, mlp),
};
const ctx = {
  container: undefined as never,
  resolve: () => {
    throw new Error('none');
  },
  tf,
  logger: consoleLogger(true),
  seed: 1,
  configDir: process.cwd(),
};
const algorithm = values.algorithm === 'dense' ? 'dense' : 'auto';
const pdm = await pdmPlugin.create({ ...COMMON_DEFAULTS, algorithm }, ctx);

console.log(
  `backend ${tf.getBackend()}; ${N} videos, D ${D}, f ${D}→${H} relu→${K} sigmoid, ${ON} topics on per video (${N * ON} (video, topic) pairs)`,
);
const cpuSeconds = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;
const t0 = performance.now();
const c0 = process.cpuUsage();
const res = await pdm.attribute(input);
const tVec = (performance.now() - t0) / 1000;
const cVec = cpuSeconds(process.cpuUsage(c0));
console.log(
  `pdm vectorized (algorithm ${algorithm}${algorithm === 'auto' ? ' = relu-split' : ''}): ${tVec.toFixed(2)} s for all ${N} videos (${((tVec / N) * 1000).toFixed(2)} ms/video); CPU time of this process ${cVec.toFixed(2)} s`,
);

const nv = Number(values['naive-videos']);
const subset = Array.from({ length: nv }, (_, i) => i);
const t1 = performance.now();
const c1 = process.cpuUsage();
const naive = naiveAblation(tf, input, input.readout!, null, subset);
const tNaive = (performance.now() - t1) / 1000;
const cNaive = cpuSeconds(process.cpuUsage(c1));
const perVideo = tNaive / nv;
let same = 0,
  pairs = 0;
for (const v of subset)
  for (let i = 0; i < K; i++)
    if (topicVectors[v * K + i]) {
      pairs++;
      if (naive.chosen[v * K + i] === res.chosen[v * K + i]) same++;
    }
console.log(
  `naive loop: ${tNaive.toFixed(2)} s for ${nv} videos × ${D} neurons (${(perVideo * 1000).toFixed(0)} ms/video) → extrapolated to ${N} videos: ${(perVideo * N).toFixed(0)} s`,
);
console.log(
  `ratio naive/vectorized (extrapolated): wall ${((perVideo * N) / tVec).toFixed(0)}×, CPU time ${(((cNaive / nv) * N) / cVec).toFixed(0)}×`,
);
console.log(
  `load average during the run: ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} cores (wall times are inflated when the machine is shared; CPU time is this process only)`,
);
console.log(`agreement with the naive loop on the timed videos: ${same}/${pairs} chosen neurons identical`);
console.log(`tensors alive after: ${tf.memory().numTensors} (the 4 weights of f)`);
