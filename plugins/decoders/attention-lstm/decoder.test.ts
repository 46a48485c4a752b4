import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { AttentionLstmDecoder } from './decoder.js';
import { defaults, type AttentionLstmOptions } from './schema.js';
import { gradCheck, useBackend } from '../../../core/tensor/testing/use-backend.js';
import { Rng } from '../../../core/tensor/rng.js';

const SPEC = { vocabularySize: 7, bosId: 1, eosId: 2, padId: 0 };
const tiny: AttentionLstmOptions = { ...defaults, units: 3, attentionUnits: 2, embeddingSize: 3, dropout: 0, maxLength: 6 };

const randn = (seed: number, shape: number[], scale = 1): tf.Tensor => {
  const r = new Rng(seed);
  return tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * r.normal()),
    shape,
  );
};

function make(opts: Partial<AttentionLstmOptions> = {}, seed = 4): AttentionLstmDecoder {
  const d = new AttentionLstmDecoder({ ...tiny, ...opts }, seed);
  d.build(4, SPEC);
  return d;
}

// two captions: [5 3 eos] and [4 eos pad]
const tokens = () =>
  tf.tensor2d(
    [
      [5, 3, 2],
      [4, 2, 0],
    ],
    [2, 3],
    'int32',
  );
const mask = () =>
  tf.tensor2d(
    [
      [1, 1, 1],
      [1, 1, 0],
    ],
    [2, 3],
  );

describe('attention-lstm decoder', () => {
  beforeAll(async () => useBackend('cpu'));

  it('passes a finite-difference gradient check (all weights and the encodings)', () => {
    for (const initHidden of [0, 2]) {
      const dec = make({ initHidden });
      const enc = tf.variable(randn(1, [2, 3, 4]));
      const loss = () => dec.loss(enc as tf.Tensor3D, { kind: 'caption', tokens: tokens(), mask: mask() }, false);
      const res = gradCheck(loss, { ...dec.variables(), encoded: enc }, { eps: 1e-2, perVariable: 3 });
      expect(res.worst, res.where).toBeLessThan(3e-2);
    }
  });

  it('attention weights are a distribution over the frames at every step', () => {
    const dec = make();
    const alphas = dec.attention(randn(2, [2, 3, 4]) as tf.Tensor3D, tokens());
    expect(alphas.shape).toEqual([2, 3, 3]);
    const a = alphas.arraySync();
    for (const row of a.flat()) {
      expect(row.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 6);
      for (const x of row) expect(x).toBeGreaterThan(0);
    }
  });

  it('padding never changes the loss (extra pad columns, other ids under the mask), for both normalisations', () => {
    for (const normalization of ['caption', 'token'] as const) {
      const dec = make({ normalization });
      const enc = randn(3, [2, 3, 4]) as tf.Tensor3D;
      const base = dec.loss(enc, { kind: 'caption', tokens: tokens(), mask: mask() }, false).dataSync()[0]!;
      const mask5 = () =>
        tf.tensor2d(
          [
            [1, 1, 1, 0, 0],
            [1, 1, 0, 0, 0],
          ],
          [2, 5],
        );
      const lossOn = (rows: number[][]) =>
        dec.loss(enc, { kind: 'caption', tokens: tf.tensor2d(rows, [2, 5], 'int32'), mask: mask5() }, false).dataSync()[0]!;
      const padded = lossOn([
        [5, 3, 2, 0, 0],
        [4, 2, 0, 0, 0],
      ]);
      const junk = lossOn([
        [5, 3, 2, 6, 6],
        [4, 2, 5, 3, 1],
      ]);
      expect(padded).toBeCloseTo(base, 5);
      expect(junk).toBeCloseTo(base, 5);
    }
  });

  it('normalisation: caption loss = Σ token NLL / #captions; token loss = Σ token NLL / #tokens', () => {
    const enc = randn(5, [2, 3, 4]) as tf.Tensor3D;
    const perCaption = make({ normalization: 'caption' })
      .loss(enc, { kind: 'caption', tokens: tokens(), mask: mask() }, false)
      .dataSync()[0]!;
    const perToken = make({ normalization: 'token' }).loss(enc, { kind: 'caption', tokens: tokens(), mask: mask() }, false).dataSync()[0]!;
    // 5 real tokens over 2 captions
    expect(perCaption * 2).toBeCloseTo(perToken * 5, 4);
    // and the sum equals −Σ log softmax(logits)[target] over the real tokens, read off the logits
    const dec = make();
    const logp = tf.logSoftmax(dec.teacherForced(enc, tokens(), false).logits).arraySync();
    const want = -(logp[0]![0]![5]! + logp[0]![1]![3]! + logp[0]![2]![2]! + logp[1]![0]![4]! + logp[1]![1]![2]!);
    expect(perCaption * 2).toBeCloseTo(want, 4);
  });

  it('beam 1 equals greedy; beam scores are the teacher-forced log-likelihood of the returned caption', async () => {
    const dec = make({}, 8);
    // sharpen the output so captions end with <eos> at different lengths
    tf.tidy(() => dec.variables()['out/kernel']!.assign(tf.mul(dec.variables()['out/kernel']!, 4)));
    const enc = randn(6, [3, 3, 4], 2) as tf.Tensor3D;
    const greedy = await dec.decode(enc, { beam: 1 });
    const viaBeam = await (await import('./beam.js')).beamSearch(dec, enc, 1, 6, 0);
    if (greedy.kind !== 'caption') throw new Error('caption expected');
    expect(viaBeam.sequences).toEqual(greedy.sequences);
    viaBeam.logProbs.forEach((lp, i) => {
      expect(lp).toBeCloseTo(greedy.logProbs[i]!, 4);
    });

    const beam = await dec.decode(enc, { beam: 4 });
    if (beam.kind !== 'caption') throw new Error('caption expected');
    for (let b = 0; b < 3; b++) {
      const seq = beam.sequences[b]!;
      expect(seq.length).toBeLessThanOrEqual(6);
      expect(seq).not.toContain(SPEC.eosId);
      const withEos = seq.length < 6 ? [...seq, SPEC.eosId] : seq;
      const lp = tf.tidy(() => {
        const lpT = tf
          .logSoftmax(
            dec.teacherForced(
              tf.slice(enc, [b, 0, 0], [1, -1, -1]) as tf.Tensor3D,
              tf.tensor2d([withEos], [1, withEos.length], 'int32'),
              false,
            ).logits,
          )
          .arraySync()[0]!;
        return withEos.reduce((s, tok, t) => s + lpT[t]![tok]!, 0);
      });
      expect(beam.logProbs[b]).toBeCloseTo(lp, 3);
      // the wider beam never returns a worse caption than greedy here (lengthPenalty 0)
      expect(beam.logProbs[b]!).toBeGreaterThanOrEqual(greedy.logProbs[b]! - 1e-4);
    }
  });

  it('tensors in use do not grow across training steps and decodes', async () => {
    const dec = make({ dropout: 0.3 });
    const enc = randn(7, [2, 3, 4]) as tf.Tensor3D;
    const step = () => {
      const { value, grads } = tf.variableGrads(
        () => dec.loss(enc, { kind: 'caption', tokens: tokens(), mask: mask() }, true),
        Object.values(dec.variables()),
      );
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    await dec.decode(enc, { beam: 3 });
    await dec.decode(enc, { beam: 1 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      step();
      await dec.decode(enc, { beam: 3 });
      await dec.decode(enc, { beam: 1 });
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects label targets and wrong encoding sizes with a clear message', () => {
    const dec = make();
    expect(() => dec.loss(randn(1, [2, 3, 4]) as tf.Tensor3D, { kind: 'label', labels: tf.tensor1d([0, 1], 'int32') }, false)).toThrow(
      /caption decoder/,
    );
    expect(() => dec.loss(randn(1, [2, 3, 5]) as tf.Tensor3D, { kind: 'caption', tokens: tokens(), mask: mask() }, false)).toThrow(
      /\[batch, n, 4\]/,
    );
  });
});
