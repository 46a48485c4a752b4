/**
 * Training speed of the paper's model at paper-like shapes on tfjs wasm:
 * batch 32, 28×1024 input, BiLSTM 2×256, attention decoder 512 (attention 256, embedding 256),
 * vocabulary 5000, 16 words, f 512→256→100, λ 0.1, Adadelta, clipping 10.
 *
 *   npx tsx bench/train.ts [--steps 4] [--stock-steps 1] [--backend wasm|cpu] [--profile]
 *
 * Prints steps/s and peak RSS for the fast path (every matmul product non-transposed, weight
 * transposes made once per step), then the same steps with tfjs' stock matMul gradients, as a
 * ratio measured in this run; tensors in use after each step; and where the time goes.
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { BiLstmEncoder } from '../plugins/encoders/bilstm/bilstm.js';
import { defaults as encDefaults } from '../plugins/encoders/bilstm/schema.js';
import { AttentionLstmDecoder } from '../plugins/decoders/attention-lstm/decoder.js';
import { defaults as decDefaults } from '../plugins/decoders/attention-lstm/schema.js';
import { L2InterpretiveLoss } from '../plugins/interpretive-losses/l2/l2.js';
import { defaults as l2Defaults } from '../plugins/interpretive-losses/l2/schema.js';
import { buildCaptionModel, trainStep } from '../plugins/training/train.js';
import { makeBatch } from '../plugins/training/batches.js';
import type { CaptionData, CaptionModel } from '../plugins/training/types.js';
import { Adadelta } from '../core/tensor/adadelta.js';
import { setMatMulMode } from '../core/tensor/matmul.js';
import { installWasmKernelFixes, uninstallWasmKernelFixes } from '../core/tensor/wasm-kernels.js';
import { Rng } from '../core/tensor/rng.js';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '4' },
    'stock-steps': { type: 'string', default: '1' },
    threads: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'wasm' },
    profile: { type: 'boolean', default: false },
    'no-kernel-fixes': { type: 'boolean', default: false },
    'unfixed-steps': { type: 'string', default: '1' },
  },
});
const steps = Number(args.steps);
const stockSteps = Number(args['stock-steps']);
const threads = Number(args.threads);

if (args.backend === 'wasm') {
  await import('@tensorflow/tfjs-backend-wasm');
  if (threads > 1) {
    // tfjs turns wasm threads off under Node (tfjs#3830); see bench/README.md.
    console.log('note: --threads > 1 is not supported under Node by tfjs-backend-wasm 4.22; running 1 thread');
  }
}
await tf.setBackend(args.backend!);
await tf.ready();
if (args.backend === 'wasm' && !args['no-kernel-fixes']) installWasmKernelFixes();

const B = 32, N = 28, F = 1024, VOCAB = 5000, WORDS = 16, TOPICS = 100;
const rng = new Rng(1);
const data: CaptionData = {
  numFrames: N,
  featureDim: F,
  numTopics: TOPICS,
  vocabulary: { size: VOCAB, bosId: 1, eosId: 2, padId: 0 },
  videos: Array.from({ length: B }, (_, i) => ({
    id: `v${i}`,
    features: new Float32Array(N * F).map(() => Math.max(0, rng.normal())),
    topics: new Float32Array(TOPICS).map(() => (rng.next() < 0.1 ? 1 : 0)),
    // 15 words + <eos> = 16 target tokens (a few shorter, to exercise the mask)
    captions: [Array.from({ length: i % 4 === 0 ? 10 : WORDS - 1 }, () => 3 + rng.int(VOCAB - 3))],
  })),
};
const model: CaptionModel = {
  encoder: new BiLstmEncoder({ ...encDefaults, units: 256 }, 1),
  decoder: new AttentionLstmDecoder({ ...decDefaults, units: 512, attentionUnits: 256, embeddingSize: 256 }, 2),
  interpretiveLoss: new L2InterpretiveLoss({ ...l2Defaults, hidden: 256, lambda: 0.1 }, 3),
};
buildCaptionModel(model, data);
const batch = makeBatch(data, data.videos.map((_, video) => ({ video, caption: 0 })), 20);
const params = Object.values({ ...model.encoder.variables(), ...model.decoder.variables(), ...model.interpretiveLoss.variables() }).reduce((n, v) => n + v.size, 0);

const rssMB = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const peakMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

function run(label: string, n: number, opt: Adadelta) {
  const times: number[] = [];
  const tensors: number[] = [];
  let loss = NaN;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    loss = trainStep(model, batch, opt, opt.step + 1, 10).total;
    times.push((performance.now() - t0) / 1000);
    tensors.push(tf.memory().numTensors);
    console.log(`  ${label} step ${i + 1}: ${times.at(-1)!.toFixed(2)} s, loss ${loss.toFixed(4)}, tensors ${tensors.at(-1)}, rss ${rssMB()} MB`);
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { mean, stepsPerSec: 1 / mean, tensors, loss };
}

console.log(`bench/train — backend ${tf.getBackend()}${args.backend === 'wasm' ? `, ${threads} thread(s), kernel fixes ${args['no-kernel-fixes'] ? 'off' : 'on'}` : ''}, ${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`shapes: batch ${B}, ${N}×${F} frames, BiLSTM 2×256, decoder 512/att 256/emb 256, vocab ${VOCAB}, ${WORDS} tokens, ${TOPICS} topics; ${(params / 1e6).toFixed(2)} M parameters`);

// Machine speed right now (the machine is shared): one XNNPACK product, [896,1024]·[1024,2048].
{
  const a = tf.randomNormal([896, 1024]) as tf.Tensor2D;
  const b = tf.randomNormal([1024, 2048]) as tf.Tensor2D;
  tf.matMul(a, b).dispose();
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) tf.matMul(a, b).dispose();
  const s = (performance.now() - t0) / 3000;
  console.log(`calibration: plain 2-D matMul ${((2 * 896 * 1024 * 2048) / s / 1e9).toFixed(1)} GFLOP/s now`);
  tf.dispose([a, b]);
}

// Forward-only timing (no tape), for the forward/backward split.
const fwd = () => {
  const t0 = performance.now();
  tf.tidy(() => {
    const V = model.encoder.apply(batch.frames, false);
    const t1 = performance.now();
    const l = model.decoder.loss(V, batch.targets, false);
    const t2 = performance.now();
    l.dataSync();
    const t3 = performance.now();
    void t1, t2;
    return { enc: t1 - t0, dec: t3 - t1 };
  });
  return (performance.now() - t0) / 1000;
};
fwd(); // warm-up (kernel set-up)
const encT0 = performance.now();
tf.tidy(() => model.encoder.apply(batch.frames, false).dataSync());
const encFwd = (performance.now() - encT0) / 1000;
const fwdAll = fwd();

const opt = new Adadelta();
console.log('fast path (non-transposed products, explicit transposes):');
run('warm-up', 1, opt);
const fast = run('fast', steps, opt);
const fastPeak = peakMB();
const grow = fast.tensors.at(-1)! - fast.tensors[0]!;

let prof: string[] = [];
if (args.profile) {
  const p = await tf.profile(() => void trainStep(model, batch, opt, opt.step + 1, 10));
  const byKernel = new Map<string, { ms: number; n: number }>();
  for (const k of p.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const e = byKernel.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += ms;
    e.n++;
    byKernel.set(k.name, e);
  }
  const total = [...byKernel.values()].reduce((a, b) => a + b.ms, 0);
  prof = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12).map(([k, e]) => `  ${k.padEnd(16)} ${(e.ms / 1000).toFixed(2)} s  ${((100 * e.ms) / total).toFixed(1)}%  (${e.n} calls)`);
  prof.unshift(`kernel time in one profiled step: ${(total / 1000).toFixed(2)} s over ${p.kernels.length} kernels`);
}

let stock: ReturnType<typeof run> | null = null;
if (stockSteps > 0) {
  console.log('stock tf.matMul gradients (transposed products):');
  setMatMulMode('stock');
  stock = run('stock', stockSteps, opt);
  setMatMulMode('fast');
}

let unfixed: ReturnType<typeof run> | null = null;
if (args.backend === 'wasm' && !args['no-kernel-fixes'] && Number(args['unfixed-steps']) > 0) {
  console.log("tfjs' own Slice/Unpack/SplitV/Identity kernels (fast matmul path):");
  uninstallWasmKernelFixes();
  unfixed = run('unfixed', Number(args['unfixed-steps']), opt);
  installWasmKernelFixes();
}

console.log('\nresults');
console.log(`  fast path:  ${fast.stepsPerSec.toFixed(3)} steps/s (${fast.mean.toFixed(2)} s/step over ${steps} steps), peak RSS ${fastPeak} MB`);
if (stock) console.log(`  stock grads: ${stock.stepsPerSec.toFixed(3)} steps/s (${stock.mean.toFixed(2)} s/step over ${stockSteps} step${stockSteps > 1 ? 's' : ''}) → fast/stock = ${(stock.mean / fast.mean).toFixed(2)}×`);
if (unfixed) console.log(`  without the wasm kernel fixes: ${unfixed.stepsPerSec.toFixed(3)} steps/s (${unfixed.mean.toFixed(2)} s/step) → fixes give ${(unfixed.mean / fast.mean).toFixed(2)}×`);
console.log(`  tensors in use after each fast step: ${fast.tensors.join(', ')} (growth ${grow})`);
console.log(`  forward only: ${fwdAll.toFixed(2)} s (encoder ${encFwd.toFixed(2)} s) → backward + optimizer ≈ ${(fast.mean - fwdAll).toFixed(2)} s of ${fast.mean.toFixed(2)} s`);
for (const line of prof) console.log(line);
console.log(`  peak RSS (whole run) ${peakMB()} MB`);
