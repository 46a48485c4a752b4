import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../core/tensor/testing/use-backend.js';
import { BiLstmEncoder } from '../encoders/bilstm/bilstm.js';
import { defaults as encoderDefaults } from '../encoders/bilstm/schema.js';
import { AttentionLstmDecoder } from '../decoders/attention-lstm/decoder.js';
import { defaults as decoderDefaults } from '../decoders/attention-lstm/schema.js';
import { L2InterpretiveLoss } from '../interpretive-losses/l2/l2.js';
import { trainingLoss } from '../training/loss.js';
import type { CaptionModel } from '../training/types.js';
import { assignHostToParts, partsToHost, readSafetensorsFile } from './model-safetensors.js';
import { fromPytorch, toPytorch } from './pytorch-layout.js';

const dir = fileURLToPath(new URL('../../test/fixtures/pytorch/', import.meta.url));
const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as {
  sizes: Record<string, number>;
  specialIds: { pad: number; bos: number; eos: number };
  lambda: number;
  loss: { task: number; interpretive: number; total: number };
};

/** The topiclens model with the fixture's sizes (random init; the weights come from the file). */
function fixtureModel(): CaptionModel {
  const s = expected.sizes;
  const encoder = new BiLstmEncoder({ ...encoderDefaults, units: s.encoderUnits!, dropout: 0.5 }, 1);
  const decoder = new AttentionLstmDecoder(
    { ...decoderDefaults, units: s.decoderUnits!, attentionUnits: s.attentionUnits!, embeddingSize: s.embeddingSize!, initHidden: 0 },
    2,
  );
  const interpretiveLoss = new L2InterpretiveLoss(
    { lambda: expected.lambda, hidden: s.fHidden!, activation: 'relu', output: 'sigmoid', dropout: 0.5 },
    3,
  );
  encoder.build(s.featureDim!);
  const { pad, bos, eos } = expected.specialIds;
  decoder.build(encoder.outputDim, { vocabularySize: s.vocabularySize!, bosId: bos, eosId: eos, padId: pad });
  interpretiveLoss.build(encoder.outputDim, s.topics!);
  return { encoder, decoder, interpretiveLoss };
}

function fixtureBatch() {
  const b = readSafetensorsFile(`${dir}batch.safetensors`).tensors;
  const s = expected.sizes;
  return {
    features: b.features!.data as Float32Array,
    shape: [s.batch!, s.frames!, s.featureDim!] as [number, number, number],
    targets: b.targets!.data as Int32Array,
    inputs: b.inputs!.data as Int32Array,
    mask: b.mask!.data as Float32Array,
    topics: b.topics!.data as Float32Array,
    tokens: s.tokens!,
  };
}

describe('PyTorch parity (test/fixtures/pytorch, made by make-fixture.py)', () => {
  beforeAll(async () => useBackend('cpu'));

  it("a PyTorch state dict of the paper's architecture, imported with the PyTorch layout, gives PyTorch's loss within 1e-4", () => {
    const model = fixtureModel();
    const file = `${dir}model.safetensors`;
    assignHostToParts({ ...model }, fromPytorch(readSafetensorsFile(file).tensors, file), file);
    const before = tf.memory().numTensors;
    const got = trainingLoss(model, fixtureBatch());
    expect(tf.memory().numTensors).toBe(before);
    expect(Math.abs(got.task - expected.loss.task)).toBeLessThan(1e-4);
    expect(Math.abs(got.interpretive - expected.loss.interpretive)).toBeLessThan(1e-4);
    expect(Math.abs(got.total - expected.loss.total)).toBeLessThan(1e-4);
    expect(got.lambda).toBe(0.1);
    // dropout is off: the same number again (the parts were built with dropout 0.5)
    expect(trainingLoss(model, fixtureBatch()).total).toBe(got.total);
  });

  it("exported back to the PyTorch layout, every weight is the file's and the summed biases are kept", () => {
    const model = fixtureModel();
    const file = `${dir}model.safetensors`;
    const sd = readSafetensorsFile(file).tensors;
    assignHostToParts({ ...model }, fromPytorch(sd, file), file);
    const back = toPytorch(partsToHost({ ...model }), 'model');
    expect(Object.keys(back).sort()).toEqual(Object.keys(sd).sort());
    for (const [k, t] of Object.entries(sd)) {
      expect(back[k]!.shape, k).toEqual(t.shape);
      if (k.includes('bias_ih')) {
        const sum = Array.from(t.data, (x, i) => x + sd[k.replace('bias_ih', 'bias_hh')]!.data[i]!);
        expect(
          Array.from(back[k]!.data).every((x, i) => Math.abs(x - sum[i]!) < 1e-6),
          k,
        ).toBe(true);
      } else if (k.includes('bias_hh')) {
        expect(
          Array.from(back[k]!.data).every((x) => x === 0),
          k,
        ).toBe(true);
      } else {
        expect(Array.from(back[k]!.data), k).toEqual(Array.from(t.data));
      }
    }
  });

  it('topiclens → PyTorch → topiclens is the identity, also with the f_init hidden layers (nn.Sequential) and concatInput', () => {
    const encoder = new BiLstmEncoder({ ...encoderDefaults, units: 3, concatInput: true }, 5);
    encoder.build(4);
    const decoder = new AttentionLstmDecoder({ ...decoderDefaults, units: 4, attentionUnits: 2, embeddingSize: 3, initHidden: 5 }, 6);
    decoder.build(encoder.outputDim, { vocabularySize: 9, bosId: 1, eosId: 2, padId: 0 });
    const f = new L2InterpretiveLoss({ lambda: 0.1, hidden: 2, activation: 'tanh', output: 'linear', dropout: 0 }, 7);
    f.build(encoder.outputDim, 3);
    const parts = { encoder, decoder, interpretiveLoss: f };
    const host = partsToHost(parts);
    const pt = toPytorch(host, 'm');
    expect(pt['decoder.init_h.0.weight']!.shape).toEqual([5, 10]);
    expect(pt['decoder.init_c.2.weight']!.shape).toEqual([4, 5]);
    expect(pt['decoder.lstm.weight_ih']!.shape).toEqual([16, 3 + 10]);
    expect(pt['encoder.lstm.weight_ih_l0_reverse']!.shape).toEqual([12, 4]);
    const back = fromPytorch(pt, 'm');
    expect(Object.keys(back).sort()).toEqual(Object.keys(host).sort());
    for (const [k, t] of Object.entries(host)) {
      expect(back[k]!.shape, k).toEqual(t.shape);
      expect(Array.from(back[k]!.data), k).toEqual(Array.from(t.data));
    }
  });

  it('names a missing or foreign tensor, and a batch whose inputs are not the shifted targets', () => {
    const file = `${dir}model.safetensors`;
    const sd = readSafetensorsFile(file).tensors;
    const { 'decoder.att_U.weight': _gone, ...missing } = sd;
    expect(() => fromPytorch(missing, 'm.safetensors')).toThrow(
      /m\.safetensors: no tensor "decoder\.att_U\.weight" for the PyTorch layout/,
    );
    expect(() => fromPytorch({ ...sd, 'decoder.extra.weight': sd['decoder.out.bias']! }, 'm.safetensors')).toThrow(
      /tensors outside the PyTorch layout of the paper's architecture: decoder\.extra\.weight/,
    );
    const model = fixtureModel();
    assignHostToParts({ ...model }, fromPytorch(sd, file), file);
    const batch = fixtureBatch();
    const inputs = Int32Array.from(batch.inputs);
    inputs[2] = 9;
    expect(() => trainingLoss(model, { ...batch, inputs })).toThrow(/inputs\[0\]\[2\] is 9 but the decoder reads targets\[b\]\[t-1\]/);
  });
});
