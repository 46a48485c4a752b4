import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../../core/tensor/testing/use-backend.js';
import { Rng } from '../../../core/tensor/rng.js';
import { BiLstmEncoder } from '../../encoders/bilstm/bilstm.js';
import { defaults as encoderDefaults } from '../../encoders/bilstm/schema.js';
import { L2InterpretiveLoss } from '../../interpretive-losses/l2/l2.js';
import { AlignedInterpretiveLoss } from '../../interpretive-losses/aligned/aligned.js';
import { defaults as alignedDefaults } from '../../interpretive-losses/aligned/schema.js';
import { NoInterpretiveLoss } from '../../interpretive-losses/none/plugin.js';
import type { InterpretiveLoss } from '../../../core/contracts/interpretive-loss.js';
import type { CaptionModel } from '../../training/types.js';
import { exportOnnx } from './export-onnx.js';

type Ort = typeof import('onnxruntime-node');
let ort: Ort | null = null;

const F = 7;
const frames = (n: number, seed: number): Float32Array => {
  const r = new Rng(seed);
  return Float32Array.from({ length: n * F }, () => r.normal());
};

/** A model whose weights are all random (biases too), so that every gate block is exercised. */
function model(loss: InterpretiveLoss, concatInput: boolean, K: number, frameDifferences = false, frameDifferenceLag = 1): CaptionModel {
  const encoder = new BiLstmEncoder({ ...encoderDefaults, units: 5, concatInput, frameDifferences, frameDifferenceLag }, 4);
  encoder.build(F);
  loss.build(encoder.outputDim, K);
  const r = new Rng(9);
  for (const part of [encoder, loss])
    for (const v of Object.values(part.variables()))
      v.assign(
        tf.tensor(
          Float32Array.from({ length: v.size }, () => r.normal() * 0.6),
          v.shape,
        ),
      );
  return { encoder, interpretiveLoss: loss, decoder: null as never };
}

async function compare(m: CaptionModel, n: number): Promise<{ encodings: number; mean: number; topics: number | null }> {
  const bytes = exportOnnx(m, { featureDim: F });
  const session = await ort!.InferenceSession.create(bytes);
  const x = frames(n, n);
  const out = await session.run({ features: new ort!.Tensor('float32', x, [n, F]) });
  const ro = m.interpretiveLoss.readout();
  const made = tf.tidy(() => {
    const V = m.encoder.apply(tf.tensor3d(x, [1, n, F]), false);
    const v = tf.mean(V, 1) as tf.Tensor2D;
    return ro ? [V, v, ro.apply(v)] : [V, v];
  });
  const [enc, mean, topics] = [made[0]!.dataSync(), made[1]!.dataSync(), made[2]?.dataSync() ?? null];
  tf.dispose(made);
  const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    expect(a.length).toBe(b.length);
    let w = 0;
    for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!));
    return w;
  };
  expect(out.encodings!.dims).toEqual([n, m.encoder.outputDim]);
  expect(out.mean_encoding!.dims).toEqual([1, m.encoder.outputDim]);
  const encodings = worst(out.encodings!.data as Float32Array, enc);
  const meanError = worst(out.mean_encoding!.data as Float32Array, mean);
  if (!topics) expect(out.topics).toBeUndefined();
  return { encodings, mean: meanError, topics: topics ? worst(out.topics!.data as Float32Array, topics) : null };
}

describe('ONNX export (encoder + f) on onnxruntime-node', () => {
  beforeAll(async () => {
    await useBackend('cpu');
    try {
      ort = await import('onnxruntime-node');
    } catch {
      ort = null;
    }
  });

  it('onnxruntime-node loads (the check below must not be skipped where it is installed)', () => {
    expect(ort, 'onnxruntime-node did not load; the ONNX parity tests need it').not.toBeNull();
  });

  it('bilstm + l2 f (relu, sigmoid): encodings, mean and topics match tfjs within 1e-5, for two frame counts', async () => {
    const m = model(new L2InterpretiveLoss({ lambda: 0.1, hidden: 6, activation: 'relu', output: 'sigmoid', dropout: 0 }, 3), false, 4);
    for (const n of [9, 3]) {
      const d = await compare(m, n);
      expect(d.encodings).toBeLessThan(1e-5);
      expect(d.mean).toBeLessThan(1e-5);
      expect(d.topics!).toBeLessThan(1e-5);
    }
  });

  it('concatInput, a tanh / linear f, the aligned readout (exported as its affine map) and no readout', async () => {
    for (const [loss, concat] of [
      [new L2InterpretiveLoss({ lambda: 0.1, hidden: 3, activation: 'tanh', output: 'linear', dropout: 0 }, 3), true],
      [new AlignedInterpretiveLoss({ ...alignedDefaults, neuronsPerTopic: 2, scale: 2.5 }, 3), false],
      [new NoInterpretiveLoss(), true],
    ] as const) {
      const d = await compare(model(loss, concat, 4), 6);
      expect(d.encodings).toBeLessThan(1e-5);
      expect(d.mean).toBeLessThan(1e-5);
      if (loss instanceof NoInterpretiveLoss) expect(d.topics).toBeNull();
      else expect(d.topics!).toBeLessThan(1e-5);
    }
  });

  it('frameDifferences (the LSTM reads [x_i, x_i − x_{i−1}]), with concatInput, for 5 frames and 1', async () => {
    const m = model(new L2InterpretiveLoss({ lambda: 0.1, hidden: 6, activation: 'relu', output: 'linear', dropout: 0 }, 3), true, 4, true);
    expect(m.encoder.variables().inputKernel!.shape).toEqual([2 * F, 8 * 5]);
    for (const n of [5, 1]) {
      const d = await compare(m, n);
      expect(d.encodings).toBeLessThan(1e-5);
      expect(d.mean).toBeLessThan(1e-5);
      expect(d.topics!).toBeLessThan(1e-5);
    }
  });

  it('frameDifferenceLag 3 (x_i − x_{i−3}, the first 3 frames against frame 0), for 5, 3 and 1 frames', async () => {
    const m = model(
      new L2InterpretiveLoss({ lambda: 0.1, hidden: 6, activation: 'relu', output: 'linear', dropout: 0 }, 3),
      false,
      4,
      true,
      3,
    );
    for (const n of [5, 3, 1]) {
      const d = await compare(m, n);
      expect(d.encodings).toBeLessThan(1e-5);
      expect(d.topics!).toBeLessThan(1e-5);
    }
  });

  it('refuses an encoder that is not the bilstm, naming what it lacks', () => {
    const enc = { variables: () => ({ w: tf.variable(tf.zeros([2, 2])) }), outputDim: 2 };
    expect(() =>
      exportOnnx({ encoder: enc as never, decoder: null as never, interpretiveLoss: new NoInterpretiveLoss() }, { featureDim: 2 }),
    ).toThrow(/covers the bilstm encoder; this encoder has no "inputKernel" \(it has w\)/);
  });
});
