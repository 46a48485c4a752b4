/**
 * Training and inference speed of the paper's model at paper-like shapes on tfjs, against an
 * independent PyTorch implementation of the same model, interleaved in one run:
 * batch 32, 28×1024 input, BiLSTM 2×256, attention decoder 512 (attention 256, embedding 256),
 * vocabulary 5000, 16 words, f 512→256→100, λ 0.1, Adadelta, clipping 10.
 *
 *   npx tsx bench/train.ts [--steps 4] [--infer 4] [--mlas-threads N] [--no-torch] [--no-wasm]
 *                          [--stock-steps 0] [--unfixed-steps 0] [--profile] [--backend wasm|cpu]
 *
 * The fast path is wasm with its products on MLAS (core/tensor/mlas) where onnxruntime-node
 * loads, else wasm alone. Compared in the same run: MLAS at the other thread count, wasm alone
 * (XNNPACK), and PyTorch (bench/train-torch.py, /usr/bin/python3) at 1 and 2 threads with the
 * stock OpenBLAS and, on an AVX-512 CPU, OPENBLAS_CORETYPE=SkylakeX. Each PyTorch
 * configuration is a process kept alive, and the steps interleave one by one ("slots"), so
 * every implementation sees the same load; a ratio is the median of per-slot ratios.
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import { rmSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '../core/tensor/tfjs-registrations.js';
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
import { installMlasMatMul, uninstallMlasMatMul } from '../core/tensor/mlas/matmul-kernels.js';
import { Rng } from '../core/tensor/rng.js';
import { matMulPreference } from '../core/backend/matmul-choice.js';
import { exportForTorch, runTorch, torchAvailable, tunedCoreType, TorchWorker } from './torch-reference.js';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '4' },
    infer: { type: 'string', default: '4' },
    // the product default's threads (core/backend/matmul-choice.ts)
    'mlas-threads': { type: 'string', default: String(matMulPreference({}).threads) },
    'no-torch': { type: 'boolean', default: false },
    'no-wasm': { type: 'boolean', default: false },
    'stock-steps': { type: 'string', default: '0' },
    'unfixed-steps': { type: 'string', default: '0' },
    backend: { type: 'string', default: 'wasm' },
    profile: { type: 'boolean', default: false },
  },
});
const steps = Number(args.steps);
const inferN = Number(args.infer);
const fastThreads = Number(args['mlas-threads']);
const otherThreads = fastThreads === 1 ? 2 : 1;

if (args.backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
await tf.setBackend(args.backend!);
await tf.ready();
if (args.backend === 'wasm') installWasmKernelFixes();
const mlas =
  args.backend === 'wasm'
    ? await installMlasMatMul({ threads: fastThreads }).then(
        (r) => r,
        (e: Error) => e,
      )
    : new Error('not the wasm backend');
const mlasOk = !(mlas instanceof Error);
const useMlas = async (threads: number | null) => {
  uninstallMlasMatMul();
  if (threads !== null && mlasOk) await installMlasMatMul({ threads });
};

const B = 32,
  N = 28,
  F = 1024,
  VOCAB = 5000,
  WORDS = 16,
  TOPICS = 100;
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
const batch = makeBatch(
  data,
  data.videos.map((_, video) => ({ video, caption: 0 })),
  20,
);
const params = Object.values({ ...model.encoder.variables(), ...model.decoder.variables(), ...model.interpretiveLoss.variables() }).reduce(
  (n, v) => n + v.size,
  0,
);

const rssMB = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const peakMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

console.log(`bench/train — backend ${tf.getBackend()}, ${os.cpus().length} CPUs, load ${load()}`);
console.log(
  `shapes: batch ${B}, ${N}×${F} frames, BiLSTM 2×256, decoder 512/att 256/emb 256, vocab ${VOCAB}, ${WORDS} tokens, ${TOPICS} topics; ${(params / 1e6).toFixed(2)} M parameters`,
);
console.log(
  mlasOk
    ? `products: MLAS (onnxruntime-node ${mlas.ortVersion}) at ${fastThreads} thread(s) on the fast path`
    : `products: wasm only (MLAS unavailable: ${mlas.message})`,
);

// The same model: the loss of the initial weights without dropout, here and in PyTorch.
const evalLoss = () =>
  tf.tidy(() => {
    const V = model.encoder.apply(batch.frames, false);
    const l = tf.add(
      model.decoder.loss(V, batch.targets, false),
      tf.mul(model.interpretiveLoss.loss(V, batch.topics, false), model.interpretiveLoss.lambda),
    );
    return l.dataSync()[0]!;
  });
const tfjsCheck = evalLoss();
const tuned = tunedCoreType();
const torch = args['no-torch'] ? ({ ok: false, reason: '--no-torch' } as const) : torchAvailable();
const torchDir = torch.ok ? exportForTorch(model, batch, { encoderUnits: 256, decoderUnits: 512, lambda: 0.1, bosId: 1 }) : null;
const torchProbe = torchDir ? runTorch(torchDir, { threads: 1, steps: 0, infer: 0, check: true }) : null;
const torchCheck = torchProbe?.checkLoss ?? NaN;
if (torchProbe) {
  console.log(
    `PyTorch ${torchProbe.torch}, OpenBLAS core ${torchProbe.blasCore}; ` +
      (tuned
        ? `tuned = OPENBLAS_CORETYPE=${tuned} (the CPU has AVX-512)`
        : "no tuned run: the CPU has no AVX-512, so OpenBLAS' own detection is the CPU's kernel set"),
  );
}
console.log(
  `same model: loss at init without dropout — topiclens ${tfjsCheck.toFixed(4)}, PyTorch ${torch.ok ? torchCheck.toFixed(4) : `n/a (${torch.reason})`}${torch.ok ? `, |Δ| ${Math.abs(tfjsCheck - torchCheck).toExponential(1)}` : ''}`,
);

const opt = new Adadelta();
function train(label: string, n: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const loss = trainStep(model, batch, opt, opt.step + 1, 10).total;
    times.push((performance.now() - t0) / 1000);
    console.log(
      `  ${label} step ${i + 1}: ${times.at(-1)!.toFixed(2)} s, loss ${loss.toFixed(4)}, tensors ${tf.memory().numTensors}, rss ${rssMB()} MB`,
    );
  }
  return times;
}
/** Encoder + f on the batch (the attribute stage's workload): seconds per batch. */
function infer(n: number): number {
  const once = () =>
    tf.tidy(() =>
      model.interpretiveLoss
        .readout()!
        .apply(tf.mean(model.encoder.apply(batch.frames, false), 1) as tf.Tensor2D)
        .dataSync(),
    );
  once();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) once();
  return (performance.now() - t0) / 1000 / n;
}

const FAST = mlasOk ? `topiclens wasm + MLAS ${fastThreads} thread${fastThreads > 1 ? 's' : ''}` : 'topiclens wasm';
const tfjsConfigs: [string, number | null][] = mlasOk
  ? [
      [FAST, fastThreads],
      [`topiclens wasm + MLAS ${otherThreads} thread${otherThreads > 1 ? 's' : ''}`, otherThreads],
      ...(args['no-wasm'] ? [] : [['topiclens wasm (XNNPACK)', null] as [string, null]]),
    ]
  : [[FAST, null]];
const torchConfigs: [string, number, string | undefined][] = [
  ['PyTorch stock BLAS, 1 thread', 1, undefined],
  ['PyTorch stock BLAS, 2 threads', 2, undefined],
  ...(tuned
    ? ([
        [`PyTorch tuned BLAS (${tuned}), 1 thread`, 1, tuned],
        [`PyTorch tuned BLAS (${tuned}), 2 threads`, 2, tuned],
      ] as [string, number, string][])
    : []),
];

/** One implementation/configuration: runs one training step or one inference batch, returns seconds. */
interface Entry {
  label: string;
  run(kind: 'train' | 'infer'): Promise<number>;
  rss: () => number;
  train: number[];
  infer: number[];
}
const entries: Entry[] = tfjsConfigs.map(([label, threads]) => ({
  label,
  train: [],
  infer: [],
  rss: peakMB,
  async run(kind) {
    await useMlas(threads);
    if (kind === 'infer') return infer(1);
    return train(label, 1)[0]!;
  },
}));
const workers: TorchWorker[] = [];
if (torchDir) {
  for (const [label, threads, coretype] of torchConfigs) {
    const w = await TorchWorker.start(torchDir, threads, coretype);
    workers.push(w);
    let rss = 0;
    entries.push({
      label,
      train: [],
      infer: [],
      rss: () => rss,
      async run(kind) {
        const r = await w.run(kind);
        rss = r.peakRssMB;
        return r.seconds;
      },
    });
  }
}

// Warm-up of every tfjs configuration (kernels, sessions), then interleaved slots: in each
// slot every entry runs once, so all see the same machine load; ratios are taken per slot.
for (const e of entries.slice(0, tfjsConfigs.length)) {
  await e.run('train');
  await e.run('infer');
}
const loads: string[] = [];
for (let slot = 0; slot < steps; slot++) {
  loads.push(load());
  for (const e of entries) {
    e.train.push(await e.run('train'));
    if (!e.label.startsWith('topiclens')) console.log(`  ${e.label} step: ${e.train.at(-1)!.toFixed(2)} s`);
  }
}
for (let slot = 0; slot < inferN; slot++) for (const e of entries) e.infer.push(await e.run('infer'));
for (const w of workers) w.stop();
await useMlas(mlasOk ? fastThreads : null);

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
  prof = [...byKernel.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 12)
    .map(([k, e]) => `  ${k.padEnd(16)} ${(e.ms / 1000).toFixed(2)} s  ${((100 * e.ms) / total).toFixed(1)}%  (${e.n} calls)`);
  prof.unshift(`kernel time in one profiled step (fast path): ${(total / 1000).toFixed(2)} s over ${p.kernels.length} kernels`);
}

// Older comparisons on wasm alone (slow; off unless asked).
const extra: string[] = [];
if (Number(args['stock-steps']) > 0) {
  await useMlas(null);
  setMatMulMode('stock');
  const t = median(train('wasm, stock tf.matMul gradients', Number(args['stock-steps'])));
  setMatMulMode('fast');
  extra.push(`  wasm with tfjs' stock matMul gradients: ${(1 / t).toFixed(3)} steps/s`);
}
if (args.backend === 'wasm' && Number(args['unfixed-steps']) > 0) {
  await useMlas(null);
  uninstallWasmKernelFixes();
  const t = median(train("wasm, tfjs' own Slice/Unpack/SplitV/Identity", Number(args['unfixed-steps'])));
  installWasmKernelFixes();
  extra.push(`  wasm with tfjs' own Slice/Unpack/SplitV/Identity kernels: ${(1 / t).toFixed(3)} steps/s`);
}

const fast = entries[0]!;
const fastStep = median(fast.train);
/** Median over slots of (entry's time / fast path's time in the same slot). */
const slotRatio = (xs: number[], ref: number[]) => median(xs.map((x, i) => x / ref[i]!));
console.log('\nresults');
console.log(
  `  fast path: ${(1 / fastStep).toFixed(3)} steps/s (${FAST}; median ${fastStep.toFixed(2)} s/step over ${fast.train.length} steps), peak RSS ${fast.rss()} MB`,
);
console.log(`  load average (1, 5, 15 min) at each slot: ${loads.join(' | ')}`);
console.log(
  '  median training steps/s and encoder + f batches/s; "fast ×": how many times faster the fast path is (median of per-slot ratios):',
);
for (const e of entries) {
  const s = median(e.train);
  const inf = e.infer.length ? median(e.infer) : NaN;
  const rss = e.label.startsWith('topiclens') ? '' : `   peak RSS ${e.rss()} MB`;
  console.log(
    `    ${e.label.padEnd(36)} train ${(1 / s).toFixed(3)}/s (fast × ${slotRatio(e.train, fast.train).toFixed(2)})   encoder + f ${(1 / inf).toFixed(2)}/s (fast × ${e.infer.length ? slotRatio(e.infer, fast.infer).toFixed(2) : 'n/a'})${rss}`,
  );
}
for (const line of extra) console.log(line);
for (const line of prof) console.log(line);
console.log(`  peak RSS (whole bench process) ${peakMB()} MB`);
if (torchDir) rmSync(torchDir, { recursive: true, force: true });
