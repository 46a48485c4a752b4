import type * as tfjs from '@tensorflow/tfjs-core';
import type { Readout } from '../../../core/contracts/interpretive-loss.js';
import { TopiclensError } from '../../../core/errors.js';
import { glorotUniform } from '../../../core/tensor/init.js';
import { Rng } from '../../../core/tensor/rng.js';
import { hiddenAct, hiddenActDeriv, outputAct, outputActDeriv } from './activations.js';
import type { Mlp, TF } from './types.js';

export interface ProbeOptions {
  hidden: number;
  activation: Mlp['activation'];
  output: Mlp['output'];
  steps: number;
  learningRate: number;
  seed: number;
}

export const PROBE_DEFAULTS: ProbeOptions = { hidden: 256, activation: 'relu', output: 'sigmoid', steps: 300, learningRate: 0.01, seed: 1 };

export interface FittedProbe {
  readout: Readout;
  initialLoss: number;
  finalLoss: number;
  trainVideos: number;
  /** Frees the probe's weights. */
  dispose(): void;
}

/** A Readout over explicit two-layer weights (owned by the caller). */
export function mlpReadout(tf: TF, mlp: Mlp): Readout {
  return {
    inputDim: mlp.w1.shape[0],
    outputDim: mlp.w2.shape[1],
    apply: (x) =>
      outputAct(
        tf,
        mlp,
        tf.add(tf.matMul(hiddenAct(tf, mlp, tf.add(tf.matMul(x, mlp.w1), mlp.b1)) as tfjs.Tensor2D, mlp.w2), mlp.b2),
      ) as tfjs.Tensor2D,
    mlp,
  };
}

type Params = [tfjs.Tensor2D, tfjs.Tensor1D, tfjs.Tensor2D, tfjs.Tensor1D];

/** Loss ‖f(x) − s‖² summed over topics, averaged over rows (Eq. 8), and its gradient, by hand. */
export function probeLossAndGrads(
  tf: TF,
  mlp: Mlp,
  x: tfjs.Tensor2D,
  xT: tfjs.Tensor2D,
  s: tfjs.Tensor2D,
): { loss: tfjs.Scalar; grads: Params } {
  const m = x.shape[0];
  const z1 = tf.add(tf.matMul(x, mlp.w1), mlp.b1);
  const a = hiddenAct(tf, mlp, z1) as tfjs.Tensor2D;
  const o = tf.add(tf.matMul(a, mlp.w2), mlp.b2);
  const r = tf.sub(outputAct(tf, mlp, o), s);
  const loss = tf.div(tf.sum(tf.mul(r, r)), m) as tfjs.Scalar;
  const dO = tf.mul(tf.mul(r, 2 / m), outputActDeriv(tf, mlp, o)) as tfjs.Tensor2D;
  const dW2 = tf.matMul(tf.transpose(a), dO) as tfjs.Tensor2D;
  const db2 = tf.sum(dO, 0) as tfjs.Tensor1D;
  const dA = tf.matMul(dO, tf.transpose(mlp.w2) as tfjs.Tensor2D);
  const dZ1 = tf.mul(dA, hiddenActDeriv(tf, mlp, z1)) as tfjs.Tensor2D;
  const dW1 = tf.matMul(xT, dZ1) as tfjs.Tensor2D;
  const db1 = tf.sum(dZ1, 0) as tfjs.Tensor1D;
  return { loss, grads: [dW1, db1, dW2, db2] };
}

/**
 * Fit the two-layer f of Eq. 8 on frozen features: full-batch Adam on ‖f(v̄) − s‖², weights
 * Glorot-uniform from a seeded stream (so the same seed gives the same probe on any backend up
 * to float rounding). Gradients are written out with explicit transposes (fast on wasm).
 */
export function fitProbe(
  tf: TF,
  x: Float32Array,
  s: Uint8Array,
  rows: number,
  dim: number,
  topics: number,
  opts: ProbeOptions,
): FittedProbe {
  if (rows === 0) throw new TopiclensError('probe: no training videos to fit f on.');
  // The stream starts at state `seed` (no seed mixing), as earlier probes did.
  const rng = Rng.withState(opts.seed);
  const h = opts.hidden;
  let params: Params = [
    tf.tensor2d(glorotUniform([dim, h], rng), [dim, h]),
    tf.zeros([h]) as tfjs.Tensor1D,
    tf.tensor2d(glorotUniform([h, topics], rng), [h, topics]),
    tf.zeros([topics]) as tfjs.Tensor1D,
  ];
  let m1 = params.map((p) => tf.zerosLike(p)) as tfjs.Tensor[];
  let m2 = params.map((p) => tf.zerosLike(p)) as tfjs.Tensor[];
  const xt = tf.tensor2d(x, [rows, dim]);
  const xT = tf.transpose(xt) as tfjs.Tensor2D;
  const st = tf.tensor2d(Float32Array.from(s), [rows, topics]);
  const mlpOf = (p: Params): Mlp => ({ w1: p[0], b1: p[1], w2: p[2], b2: p[3], activation: opts.activation, output: opts.output });
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  let initialLoss = NaN;
  let lossT: tfjs.Scalar | null = null;
  for (let step = 1; step <= opts.steps; step++) {
    const next = tf.tidy(() => {
      const { loss, grads } = probeLossAndGrads(tf, mlpOf(params), xt, xT, st);
      const c1 = 1 - b1 ** step;
      const c2 = 1 - b2 ** step;
      const nm1 = grads.map((g, i) => tf.add(tf.mul(m1[i]!, b1), tf.mul(g, 1 - b1)));
      const nm2 = grads.map((g, i) => tf.add(tf.mul(m2[i]!, b2), tf.mul(tf.square(g), 1 - b2)));
      const np = params.map((p, i) =>
        tf.sub(p, tf.div(tf.mul(nm1[i]!, opts.learningRate / c1), tf.add(tf.sqrt(tf.div(nm2[i]!, c2)), eps))),
      ) as Params;
      return { loss, nm1, nm2, np };
    });
    if (step === 1) initialLoss = next.loss.dataSync()[0]!;
    lossT?.dispose();
    lossT = next.loss;
    tf.dispose([...params, ...m1, ...m2]);
    params = next.np;
    m1 = next.nm1;
    m2 = next.nm2;
  }
  const finalLoss = tf.tidy(() => probeLossAndGrads(tf, mlpOf(params), xt, xT, st).loss.dataSync()[0]!);
  tf.dispose([xt, xT, st, ...m1, ...m2]);
  lossT?.dispose();
  if (opts.steps === 0) initialLoss = finalLoss;
  if (!Number.isFinite(finalLoss)) {
    tf.dispose(params);
    throw new TopiclensError(`probe: fitting f diverged (loss ${finalLoss}); lower probe.learningRate (now ${opts.learningRate}).`);
  }
  const mlp = mlpOf(params);
  return { readout: mlpReadout(tf, mlp), initialLoss, finalLoss, trainVideos: rows, dispose: () => tf.dispose(params) };
}
