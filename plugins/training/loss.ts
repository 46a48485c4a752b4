import * as tf from '@tensorflow/tfjs-core';
import { TopiclensError } from '../../core/errors.js';
import type { CaptionModel } from './types.js';

/** One batch, as plain arrays (row-major), for `trainingLoss`. */
export interface LossBatch {
  /** `[B, n, F]` frame features. */
  features: Float32Array | number[];
  /** `[B, n, F]`. */
  shape: [number, number, number];
  /** `[B, T]` target token ids: the caption's words, then `<eos>`, then `<pad>`. */
  targets: Int32Array | number[];
  /**
   * `[B, T]` decoder input ids, optional: the decoder reads `<bos>` then the targets shifted by
   * one (teacher forcing); when given they are checked to be exactly that.
   */
  inputs?: Int32Array | number[];
  /** `[B, T]` 1 for real target tokens (`<eos>` included), 0 for padding. */
  mask: Float32Array | number[];
  /** `[B, K]` topic vectors s ∈ {0,1}^K (omit, or K = 0, when λ = 0). */
  topics?: Float32Array | number[];
  /** T, the caption length of `targets`. */
  tokens: number;
}

export interface TrainingLoss {
  /** −log p(y|x): the decoder's masked NLL (Eq. 7) with its normalisation (default: summed over tokens, mean over captions). */
  task: number;
  /** L_I (Eq. 8), unweighted; 0 when λ = 0. */
  interpretive: number;
  /** task + λ·L_I (Eq. 2). */
  total: number;
  lambda: number;
}

/**
 * The training objective of a built caption model on one batch, with dropout off and no concept
 * interventions (the random parts of a training step): L = −log p(y|x) + λ·L_I (Eq. 2). For parity
 * checks against other implementations of the paper's model (plugins/weights/README.md has the
 * PyTorch one). Leaves no tensors behind.
 */
export function trainingLoss(model: CaptionModel, batch: LossBatch): TrainingLoss {
  const [B, n, F] = batch.shape;
  const T = batch.tokens;
  const expect = (what: string, got: number, want: number) => {
    if (got !== want) throw new TopiclensError(`trainingLoss: ${what} has ${got} values, expected ${want}.`);
  };
  expect('features', batch.features.length, B * n * F);
  expect('targets', batch.targets.length, B * T);
  expect('mask', batch.mask.length, B * T);
  const lambda = model.interpretiveLoss.lambda;
  const K = batch.topics ? batch.topics.length / B : 0;
  if (lambda > 0 && !(K > 0))
    throw new TopiclensError('trainingLoss: the interpretive loss has λ > 0, so the batch needs topic vectors [B, K].');
  if (batch.inputs) {
    expect('inputs', batch.inputs.length, B * T);
    const bos = (model.decoder as { captionSpec?: { bosId: number } }).captionSpec?.bosId;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const want = t === 0 ? bos : batch.targets[b * T + t - 1];
        if (want !== undefined && batch.inputs[b * T + t] !== want) {
          throw new TopiclensError(
            `trainingLoss: inputs[${b}][${t}] is ${batch.inputs[b * T + t]} but the decoder reads ${t === 0 ? '<bos>' : 'targets[b][t-1]'} = ${want} there (teacher forcing: <bos>, then the targets shifted by one).`,
          );
        }
      }
    }
  }
  const [task, interp] = tf.tidy(() => {
    const frames = tf.tensor3d(Float32Array.from(batch.features), [B, n, F]);
    const V = model.encoder.apply(frames, false);
    const targets = {
      kind: 'caption' as const,
      tokens: tf.tensor2d(Int32Array.from(batch.targets), [B, T], 'int32'),
      mask: tf.tensor2d(Float32Array.from(batch.mask), [B, T]),
    };
    const t = model.decoder.loss(V, targets, false);
    const i = lambda > 0 ? model.interpretiveLoss.loss(V, tf.tensor2d(Float32Array.from(batch.topics!), [B, K]), false) : tf.scalar(0);
    return [t, i];
  });
  const [taskValue, interpValue] = [task.dataSync()[0]!, interp.dataSync()[0]!];
  tf.dispose([task, interp]);
  return { task: taskValue, interpretive: interpValue, total: taskValue + lambda * interpValue, lambda };
}
