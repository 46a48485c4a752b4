import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import './tfjs-registrations.js';
import { bundleTfjsRegistrations } from '../../scripts/bundle-tfjs-registrations.mjs';

// The kernels whose gradients topiclens' own training, attribution and refinement record on the
// tape (listed by instrumenting the engine over core/ and plugins/ tests), plus a few ops a
// third-party loss is likely to use.
const USED = [
  'Add',
  'AddN',
  'BatchMatMul',
  'Cast',
  'Concat',
  'ExpandDims',
  'GatherV2',
  'GreaterEqual',
  'Mean',
  'Multiply',
  'Neg',
  'OneHot',
  'Pack',
  'PadV2',
  'RealDiv',
  'Relu',
  'Reshape',
  'Sigmoid',
  'Slice',
  'Softmax',
  'SplitV',
  'Square',
  'SquaredDifference',
  'Sub',
  'Sum',
  'Tanh',
  'Tile',
  'Transpose',
  'Unpack',
];
const LIKELY = ['Exp', 'Log', 'Sqrt', 'Abs', 'Maximum', 'Minimum', 'Pow', 'Max', 'ClipByValue', 'LogSoftmax', 'Conv2D'];

describe('tfjs-core registrations (what @tensorflow/tfjs added on import)', () => {
  it('registers the cpu backend and a gradient for every kernel topiclens differentiates', () => {
    expect(tf.engine().registryFactory.cpu).toBeDefined();
    expect([...USED, ...LIKELY].filter((k) => !tf.getGradient(k))).toEqual([]);
  });

  it('computes an exact gradient through matMul, tanh and sum on cpu', async () => {
    await tf.setBackend('cpu');
    const a = tf.tensor2d([
      [0.1, -0.2],
      [0.3, 0.4],
    ]);
    // d/da sum(tanh(a·a)) = (1 − tanh²(a·a)) · aᵀ-products, checked against the closed form.
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.tanh(tf.matMul(x as tf.Tensor2D, x as tf.Tensor2D))))(a);
    const aa = [
      [0.1 * 0.1 - 0.2 * 0.3, 0.1 * -0.2 - 0.2 * 0.4],
      [0.3 * 0.1 + 0.4 * 0.3, 0.3 * -0.2 + 0.4 * 0.4],
    ];
    const s = aa.map((r) => r.map((v) => 1 - Math.tanh(v) ** 2));
    const A = [
      [0.1, -0.2],
      [0.3, 0.4],
    ];
    // grad = S·Aᵀ + Aᵀ·S
    const want = [0, 1].map((i) => [0, 1].map((j) => [0, 1].reduce((acc, k) => acc + s[i]![k]! * A[j]![k]! + A[k]![i]! * s[k]![j]!, 0)));
    const got = g.arraySync() as number[][];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(got[i]![j]!).toBeCloseTo(want[i]![j]!, 6);
    tf.dispose([a, g]);
  });

  it('adds the chained tensor methods', () => {
    const x = tf.tensor1d([1, 2, 3]);
    expect(Array.from(x.mul(2).add(1).dataSync())).toEqual([3, 5, 7]);
  });

  it('the committed bundle is what scripts/bundle-tfjs-registrations.mjs makes from the installed tfjs-core', async () => {
    const committed = readFileSync(new URL('./vendor/tfjs-core-registrations.js', import.meta.url), 'utf8');
    expect(committed.split('\n', 1)[0]).toContain(`@tensorflow/tfjs-core ${tf.version_core} `);
    expect(committed === (await bundleTfjsRegistrations()), 'run: node scripts/bundle-tfjs-registrations.mjs').toBe(true);
  });
});
