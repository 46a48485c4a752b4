/**
 * Matrix products of the paper's model on tfjs-wasm (XNNPACK) against the same products on
 * MLAS through core/tensor/mlas, interleaved in one run; every transpose form.
 *
 *   npx tsx bench/matmul.ts [--threads 1]
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '../core/tensor/tfjs-registrations.js';
import '@tensorflow/tfjs-backend-wasm';
import { installMlasMatMul, uninstallMlasMatMul } from '../core/tensor/mlas/matmul-kernels.js';

const { values: args } = parseArgs({ options: { threads: { type: 'string', default: '1' }, shapes: { type: 'string' } } });
await tf.setBackend('wasm');
await tf.ready();

const shapes: [number, number, number][] = args.shapes
  ? args.shapes.split(',').map((s) => s.split('x').map(Number) as [number, number, number])
  : [
      [896, 1024, 2048],
      [416, 1280, 5000],
      [32, 512, 2048],
      [32, 1024, 2048],
      [32, 256, 1024],
      [32, 512, 256],
      [896, 256, 1],
      [32, 64, 64],
    ];
console.log(
  `bench/matmul — ${os.cpus().length} CPUs, load ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}, MLAS threads ${args.threads}`,
);

const time = (f: () => void, flops: number): number => {
  f();
  const reps = Math.max(3, Math.min(200, Math.round(3e9 / flops)));
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - t0) / reps;
};
for (const [m, k, n] of shapes) {
  const row: string[] = [];
  for (const [tA, tB] of [
    [false, false],
    [false, true],
    [true, false],
  ] as const) {
    const a = tf.randomNormal(tA ? [k, m] : [m, k]) as tf.Tensor2D;
    const b = tf.randomNormal(tB ? [n, k] : [k, n]) as tf.Tensor2D;
    const f = () => tf.matMul(a, b, tA, tB).dispose();
    const flops = 2 * m * n * k;
    const wasm = time(f, flops);
    await installMlasMatMul({ threads: Number(args.threads), minWork: 0, minWorkTransposed: 0 });
    const mlas = time(f, flops);
    uninstallMlasMatMul();
    row.push(
      `${tA ? 'T' : 'N'}${tB ? 'T' : 'N'} wasm ${(flops / wasm / 1e6).toFixed(1)} mlas ${(flops / mlas / 1e6).toFixed(1)} GFLOP/s (${(wasm / mlas).toFixed(1)}×, ${mlas.toFixed(3)} ms)`,
    );
    tf.dispose([a, b]);
  }
  console.log(`[${m}×${k}]·[${k}×${n}]  ${row.join(' | ')}`);
}
