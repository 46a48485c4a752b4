import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TopiclensError } from '../../core/errors.js';
import { DivergenceError, NonFiniteError } from '../../core/tensor/guard.js';
import { useBackend } from '../../core/tensor/testing/use-backend.js';
import { loadNamedTensors, saveNamedTensors } from '../../core/tensor/weights.js';
import { trainClassifier } from '../stages/transfer/train-classifier.js';
import { tinyData, tinyLabelSet, tinyModel, tinyTransferModel, tinyTransferOptions } from '../../test/support/training/fixtures.js';
import { buildCaptionModel, trainCaptioner } from './train.js';

// Issue 16: numerics. A diverging training stops naming the step and the settings; NaN / Inf
// weights are refused when loaded; beam search answers NaN scores with a clear error.
const opts = { batchSize: 12, seed: 11, maxTokens: 6, patience: 0, epochs: 4 };

describe('divergence guard', () => {
  beforeAll(async () => useBackend('cpu'));

  it('learningRate 1e6 with clipNorm 0: stops at step 2 (loss ~1e8 against 8.3), naming the settings', async () => {
    const losses: number[] = [];
    const run = trainCaptioner({
      model: tinyModel(3, 0),
      data: { train: tinyData() },
      options: { ...opts, clipNorm: 0, learningRate: 1e6 },
      onStep: (_s, l) => void losses.push(l.total),
    });
    await expect(run).rejects.toThrowError(DivergenceError);
    await expect(
      trainCaptioner({ model: tinyModel(3, 0), data: { train: tinyData() }, options: { ...opts, clipNorm: 0, learningRate: 1e6 } }),
    ).rejects.toThrowError(
      /^training diverged at step 2 \(epoch 1\): the total loss is \d\.\d{3}e\+\d+, over 10× the first step's \d+\.\d{4} \(learningRate 1000000, clipNorm 0 \(no clipping\), batchSize 12, Adadelta rho 0\.95 epsilon 0\.000001\)\. Lower the learningRate or set clipNorm/,
    );
    expect(losses).toHaveLength(1); // onStep never saw the diverged step
    expect(losses[0]).toBeGreaterThan(5);
    expect(losses[0]).toBeLessThan(12);
  });

  it('the published settings on the same data do not trip it', async () => {
    const r = await trainCaptioner({
      model: tinyModel(3, 0),
      data: { train: tinyData() },
      options: { ...opts, clipNorm: 5, learningRate: 20 },
    });
    expect(r.completedEpochs).toBe(4);
  });

  it('NaN in the inputs: the non-finite error names the step, the epoch and the settings', async () => {
    const data = tinyData();
    data.videos[0]!.features[0] = Number.NaN;
    await expect(
      trainCaptioner({ model: tinyModel(3, 0), data: { train: data }, options: { ...opts, clipNorm: 5, learningRate: 1 } }),
    ).rejects.toThrowError(NonFiniteError);
    await expect(
      trainCaptioner({ model: tinyModel(3, 0), data: { train: data }, options: { ...opts, clipNorm: 5, learningRate: 1 } }),
    ).rejects.toThrowError(
      /^non-finite values at training step 2 in .*\(epoch 1; learningRate 1, clipNorm 5, batchSize 12, Adadelta rho 0\.95 epsilon 0\.000001\)/,
    );
  });
});

describe('divergence guard of the transfer classifier', () => {
  beforeAll(async () => useBackend('cpu'));

  it('learningRate 1e6 with clipNorm 0 stops with the divergence error naming the step and the settings ', async () => {
    const options = tinyTransferOptions({ epochs: 6, clipNorm: 0, learningRate: 1e6 });
    await expect(trainClassifier({ model: tinyTransferModel(0), train: tinyLabelSet(12, 11), options })).rejects.toThrowError(
      /^training diverged at step \d+ \(epoch \d\): the total loss is [\d.]+e\+\d+, over 10× the first step's [\d.]+ \(transfer: learningRate 1000000, clipNorm 0 \(no clipping\), batchSize 4, freezeEncoder false\)/,
    );
  });
});

describe('non-finite weights', () => {
  beforeAll(async () => useBackend('cpu'));

  it('are refused when loaded, naming the file, the weight and how many values', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-nan-'));
    await saveNamedTensors(dir, { 'encoder/a': tf.tensor1d([1, 2]), 'encoder/b': tf.tensor1d([0, Number.NaN, Number.POSITIVE_INFINITY]) });
    await expect(loadNamedTensors(dir)).rejects.toThrowError(TopiclensError);
    await expect(loadNamedTensors(dir)).rejects.toThrowError(
      `${join(dir, 'weights.bin')}: weight "encoder/b" holds 2 non-finite values (first: NaN at index 1); the model that saved it diverged.`,
    );
    // finite weights load as before
    await saveNamedTensors(dir, { 'encoder/a': tf.tensor1d([1, 2]) });
    expect(Array.from((await loadNamedTensors(dir))['encoder/a']!.dataSync())).toEqual([1, 2]);
    // a bit flip that makes an Inf in place (same size) is caught too
    const bin = await readFile(join(dir, 'weights.bin'));
    bin.writeFloatLE(Number.NEGATIVE_INFINITY, 4);
    await writeFile(join(dir, 'weights.bin'), bin);
    await expect(loadNamedTensors(dir)).rejects.toThrowError('weight "encoder/a" holds 1 non-finite value (first: -Infinity at index 1)');
  });

  it('beam search on NaN weights: a clear error, not a TypeError from deep inside', async () => {
    const model = tinyModel(3, 0);
    buildCaptionModel(model, tinyData());
    const w = Object.values(model.decoder.variables())[0]!;
    w.assign(tf.fill(w.shape, Number.NaN));
    const frames = tf.tensor3d(
      tinyData(2).videos.flatMap((v) => Array.from(v.features)),
      [2, 3, 5],
    );
    const V = model.encoder.apply(frames, false);
    await expect(model.decoder.decode(V, { beam: 2 })).rejects.toThrowError(
      /^beam search: every hypothesis of batch row 0 has a non-finite score \(NaN\)/,
    );
    tf.dispose([frames, V]);
  });
});
