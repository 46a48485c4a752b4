/**
 * topiclens' wasm kernels against tfjs-backend-wasm's own, at the paper-like shapes of
 * bench/train, in one process (bench/README.md, "What made it fast", items 7–13):
 *
 *   npx tsx bench/wasm-kernels.ts [--reps 50]
 *
 * Each line: the op, tfjs' time, ours, and how many times faster (medians of 5 rounds that
 * alternate the two, so both see the same load), and whether the results are bit-identical.
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '../core/tensor/tfjs-registrations.js';
import '@tensorflow/tfjs-backend-wasm';
import { installWasmKernelFixes, uninstallWasmKernelFixes } from '../core/tensor/wasm-kernels.js';
import { logSoftmax } from '../core/tensor/log-softmax.js';
import { Adadelta } from '../core/tensor/adadelta.js';
import { ADADELTA_KERNEL } from '../core/tensor/adadelta-kernel.js';
import { lstmCell, lstmCellOps } from '../core/tensor/lstm.js';

const { values: args } = parseArgs({ options: { reps: { type: 'string', default: '50' } } });
const reps = Number(args.reps);
await tf.setBackend('wasm');
await tf.ready();
installWasmKernelFixes();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
/** ms per call of `f`, after a warm-up; the result of the last call is returned for the comparison. */
function time(f: () => tf.Tensor, n: number): { ms: number; values: Float32Array } {
  for (let i = 0; i < 3; i++) f().dispose();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f().dispose();
  const ms = (performance.now() - t0) / n;
  const last = f();
  const values = last.dataSync() as Float32Array;
  last.dispose();
  return { ms, values };
}
type Side = { setup: () => void; run: () => tf.Tensor };
function row(name: string, theirs: Side, ours: Side, n = reps): void {
  const t: number[] = [];
  const o: number[] = [];
  let same = true;
  let worst = 0;
  let largest = 0;
  for (let round = 0; round < 5; round++) {
    theirs.setup();
    const a = time(theirs.run, n);
    ours.setup();
    const b = time(ours.run, n);
    t.push(a.ms);
    o.push(b.ms);
    for (let i = 0; i < a.values.length; i++) {
      if (!Object.is(a.values[i], b.values[i])) same = false;
      worst = Math.max(worst, Math.abs(a.values[i]! - b.values[i]!));
      largest = Math.max(largest, Math.abs(a.values[i]!));
    }
  }
  const [mt, mo] = [median(t), median(o)];
  console.log(
    `  ${name.padEnd(46)} tfjs ${mt.toFixed(3).padStart(8)} ms   ours ${mo.toFixed(3).padStart(8)} ms   ${(mt / mo).toFixed(1).padStart(5)}×   ${same ? 'bit-identical' : `max |Δ| ${worst.toExponential(1)} (values up to ${largest.toPrecision(2)})`}`,
  );
}
/** The same op with tfjs' kernels and with ours. */
const kernelRow = (name: string, run: () => tf.Tensor) =>
  row(name, { setup: uninstallWasmKernelFixes, run }, { setup: installWasmKernelFixes, run });

console.log(
  `bench/wasm-kernels — ${os.cpus().length} CPUs, load ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}, ${reps} calls a round`,
);
const rows = tf.randomNormal([512, 1280]);
const ids = tf.tensor1d(
  Array.from({ length: 472 }, (_, i) => (i * 7) % 512),
  'int32',
);
kernelRow('GatherV2: 472 rows of [512, 1280]', () => tf.gather(rows, ids));
const att = tf.randomNormal([32, 28, 256]);
kernelRow('Tanh [32, 28, 256]', () => tf.tanh(att));
const logits = tf.mul(tf.randomNormal([472, 5000]), 4) as tf.Tensor2D;
kernelRow('Sum [472, 5000] over axis 0 (bias gradient)', () => tf.sum(logits, 0));
const frames = tf.randomNormal([32, 28, 512]);
kernelRow('Sum [32, 28, 512] over axis 1 (attention)', () => tf.sum(frames, 1));
row(
  'logSoftmax [472, 5000], tf.logSoftmax vs ours',
  { setup: installWasmKernelFixes, run: () => tf.logSoftmax(logits) },
  { setup: installWasmKernelFixes, run: () => logSoftmax(logits) },
);
const dy = tf.randomNormal([472, 5000]);
row(
  'logSoftmax forward + gradient, the same',
  { setup: () => {}, run: () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(x), dy)))(logits) },
  { setup: () => {}, run: () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(logSoftmax(x as tf.Tensor2D), dy)))(logits) },
  Math.ceil(reps / 3),
);
const gates = tf.mul(tf.randomNormal([32, 1024]), 4) as tf.Tensor2D;
const cell = tf.randomNormal([32, 256]) as tf.Tensor2D;
row(
  'LSTM cell [32, 4·256]: 16 ops vs one kernel (h)',
  { setup: () => {}, run: () => lstmCellOps(gates, cell)[0] },
  { setup: () => {}, run: () => lstmCell(gates, cell)[0] },
);
const dh = tf.randomNormal([32, 256]);
const cellGrad = (f: typeof lstmCell) => () =>
  tf.grad((z: tf.Tensor) => {
    const [h, c2] = f(z as tf.Tensor2D, cell);
    return tf.add(tf.sum(tf.mul(h, dh)), tf.sum(c2));
  })(gates);
row(
  'LSTM cell forward + gradient (dz), the same',
  { setup: () => {}, run: cellGrad(lstmCellOps) },
  { setup: () => {}, run: cellGrad(lstmCell) },
);

// Adadelta: the tensor-op update against the fused kernel, on 11.2 M parameters.
const shapes = [
  [1280, 5000],
  [1024, 2048],
  [2048, 1024],
  [256, 2048],
  [512, 256],
];
const vars = Object.fromEntries(shapes.map((s, i) => [`v${i}`, tf.variable(tf.randomNormal(s))]));
const grads = Object.fromEntries(shapes.map((s, i) => [`v${i}`, tf.randomNormal(s)]));
const opt = new Adadelta();
const fused = tf.getKernel(ADADELTA_KERNEL, 'wasm')!;
const step = () => {
  const t0 = performance.now();
  opt.apply(vars, grads);
  vars.v0!.dataSync();
  return performance.now() - t0;
};
step();
const ops: number[] = [];
const ours: number[] = [];
for (let round = 0; round < 5; round++) {
  tf.unregisterKernel(ADADELTA_KERNEL, 'wasm');
  ops.push(step());
  tf.registerKernel(fused);
  ours.push(step());
}
console.log(
  `  ${'Adadelta, 11.2 M parameters: ops vs one pass'.padEnd(46)} tfjs ${median(ops).toFixed(1).padStart(8)} ms   ours ${median(ours).toFixed(1).padStart(8)} ms   ${(median(ops) / median(ours)).toFixed(1).padStart(5)}×   within float32 rounding (core/tensor/adadelta.test.ts)`,
);
