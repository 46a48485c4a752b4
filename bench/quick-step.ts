/**
 * Where the time of one training step of the quick preset goes: the model `presets/quick.json`
 * trains (BiLSTM 2×64 over 16 frames of 256-d features with lag-4 differences, attention
 * decoder 128, vocabulary 221, the aligned loss with caption interventions, batch 64) on the
 * fast path (wasm + MLAS), on synthetic inputs of those shapes. Prints the mean step time, the
 * kernel time by kernel, the slowest single kernels and the elementwise kernels by shape.
 *
 *   npx tsx bench/quick-step.ts [--steps 20] [--threads 2]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '../core/tensor/tfjs-registrations.js';
import '@tensorflow/tfjs-backend-wasm';
import { BiLstmEncoder } from '../plugins/encoders/bilstm/bilstm.js';
import { defaults as encDefaults } from '../plugins/encoders/bilstm/schema.js';
import { AttentionLstmDecoder } from '../plugins/decoders/attention-lstm/decoder.js';
import { defaults as decDefaults } from '../plugins/decoders/attention-lstm/schema.js';
import { AlignedInterpretiveLoss } from '../plugins/interpretive-losses/aligned/aligned.js';
import { defaults as alignedDefaults } from '../plugins/interpretive-losses/aligned/schema.js';
import { buildCaptionModel, trainStep } from '../plugins/training/train.js';
import { makeBatch } from '../plugins/training/batches.js';
import type { CaptionData, CaptionModel } from '../plugins/training/types.js';
import { Adadelta } from '../core/tensor/adadelta.js';
import { installWasmKernelFixes } from '../core/tensor/wasm-kernels.js';
import { installMlasMatMul } from '../core/tensor/mlas/matmul-kernels.js';
import { Rng } from '../core/tensor/rng.js';

const { values: args } = parseArgs({ options: { steps: { type: 'string', default: '20' }, threads: { type: 'string', default: '2' } } });
await tf.setBackend('wasm');
await tf.ready();
installWasmKernelFixes();
const mlas = await installMlasMatMul({ threads: Number(args.threads) }).then(
  (r) => `MLAS (onnxruntime-node ${r.ortVersion}) at ${r.threads} thread(s)`,
  (e: Error) => `wasm only (MLAS unavailable: ${e.message})`,
);

const [B, N, F, VOCAB, TOPICS] = [64, 16, 256, 221, 40];
const rng = new Rng(1);
const data: CaptionData = {
  numFrames: N,
  featureDim: F,
  numTopics: TOPICS,
  vocabulary: { size: VOCAB, bosId: 1, eosId: 2, padId: 0 },
  topicWords: Array.from({ length: TOPICS }, (_, k) => [3 + k, 50 + k]),
  videos: Array.from({ length: B }, (_, i) => ({
    id: `v${i}`,
    features: new Float32Array(N * F).map(() => Math.max(0, rng.normal())),
    topics: new Float32Array(TOPICS).map(() => (rng.next() < 0.14 ? 1 : 0)),
    captions: [Array.from({ length: 8 + (i % 7) }, () => 3 + rng.int(VOCAB - 3))],
  })),
};
const model: CaptionModel = {
  encoder: new BiLstmEncoder({ ...encDefaults, units: 64, frameDifferences: true, frameDifferenceLag: 4 }, 1),
  decoder: new AttentionLstmDecoder({ ...decDefaults, units: 128, attentionUnits: 64, embeddingSize: 64, dropout: 0.2, maxLength: 16 }, 2),
  interpretiveLoss: new AlignedInterpretiveLoss(
    { ...alignedDefaults, lambda: 2.5, scale: 2, neuronsPerTopic: 3, intervention: 0.6, interventionTarget: 'caption' },
    3,
  ),
};
buildCaptionModel(model, data);
const batch = makeBatch(
  data,
  data.videos.map((_, video) => ({ video, caption: 0 })),
  16,
);
const opt = new Adadelta();
let step = 0;
for (let i = 0; i < 5; i++) trainStep(model, batch, opt, ++step, 10);
const steps = Number(args.steps);
const t0 = performance.now();
for (let i = 0; i < steps; i++) trainStep(model, batch, opt, ++step, 10);
console.log(`bench/quick-step — products: ${mlas}`);
console.log(`step: ${((performance.now() - t0) / steps).toFixed(1)} ms (mean of ${steps}, after 5 warm-up steps)`);

const p = await tf.profile(() => void trainStep(model, batch, opt, ++step, 10));
const ms = (k: (typeof p.kernels)[number]) => (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0);
const grouped = (key: (k: (typeof p.kernels)[number]) => string | null) => {
  const out = new Map<string, { ms: number; n: number }>();
  for (const k of p.kernels) {
    const g = key(k);
    if (g === null) continue;
    const e = out.get(g) ?? { ms: 0, n: 0 };
    e.ms += ms(k);
    e.n++;
    out.set(g, e);
  }
  return [...out.entries()].sort((a, b) => b[1].ms - a[1].ms);
};
const total = p.kernels.reduce((a, k) => a + ms(k), 0);
console.log(`kernel time in one profiled step: ${total.toFixed(1)} ms over ${p.kernels.length} kernels`);
for (const [name, e] of grouped((k) => k.name).slice(0, 15))
  console.log(`  ${name.padEnd(22)} ${e.ms.toFixed(1).padStart(6)} ms  ${((100 * e.ms) / total).toFixed(1).padStart(4)}%  (${e.n} calls)`);
console.log('slowest single kernels:');
for (const k of [...p.kernels].sort((a, b) => ms(b) - ms(a)).slice(0, 10))
  console.log(
    `  ${k.name.padEnd(22)} ${ms(k).toFixed(2).padStart(6)} ms  ${JSON.stringify(k.inputShapes)} → ${JSON.stringify(k.outputShapes)}`,
  );
console.log('elementwise kernels by input shapes:');
const elementwise = new Set(['Add', 'Multiply', 'Sub', 'Sum', 'Tanh', 'Cast', 'Concat', 'Square']);
for (const [key, e] of grouped((k) => (elementwise.has(k.name) ? `${k.name} ${JSON.stringify(k.inputShapes)}` : null)).slice(0, 12))
  console.log(`  ${e.ms.toFixed(2).padStart(6)} ms  (${e.n} calls)  ${key}`);
