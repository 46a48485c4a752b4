import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { hashDirectory } from '../../core/runner/hash.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../core/tensor/testing/use-backend.js';
import { NonFiniteError } from '../../core/tensor/guard.js';
import { Rng } from '../../core/tensor/rng.js';
import { epochPairs, makeBatch, disposeBatch } from './batches.js';
import { loadModel, partVariables, saveModel } from './model-io.js';
import { buildCaptionModel, trainCaptioner } from './train.js';
import { tinyData, tinyModel } from '../../test/support/training/fixtures.js';
import type { CaptionModel } from './types.js';

const weights = (m: CaptionModel): Record<string, number[]> =>
  Object.fromEntries(
    Object.entries(partVariables({ encoder: m.encoder, decoder: m.decoder, interpretiveLoss: m.interpretiveLoss })).map(([k, v]) => [
      k,
      Array.from(v.dataSync()),
    ]),
  );

const opts = { batchSize: 12, seed: 11, clipNorm: 5, maxTokens: 6, patience: 0 };

describe('trainer', () => {
  beforeAll(async () => useBackend('cpu'));

  it('batches: <eos> appended, padded with <pad>, mask 1 on real tokens, long captions cut keeping <eos>', () => {
    const data = tinyData(2);
    data.videos[1]!.captions[0] = [3, 5, 7, 8, 7, 8];
    const b = makeBatch(
      data,
      [
        { video: 0, caption: 2 },
        { video: 1, caption: 0 },
      ],
      4,
    );
    expect(b.targets.tokens.arraySync()).toEqual([
      [4, 7, 2, 0],
      [3, 5, 7, 2],
    ]);
    expect(b.targets.mask.arraySync()).toEqual([
      [1, 1, 1, 0],
      [1, 1, 1, 1],
    ]);
    expect(b.frames.shape).toEqual([2, 3, 5]);
    expect(b.topics.arraySync()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    disposeBatch(b);
    const pairs = epochPairs(tinyData(4), new Rng(1), 1);
    expect(pairs).toHaveLength(4);
    expect(new Set(pairs.map((p) => p.video)).size).toBe(4);
    expect(epochPairs(tinyData(4), new Rng(1), 0)).toHaveLength(12);
  });

  it("batches: the captions' topics from each topic's word ids, on the caption as trained on (cut to maxTokens − 1 words)", () => {
    const data = { ...tinyData(2), topicWords: [[5], [7, 8], [3]] };
    data.videos[0]!.captions[0] = [3, 5, 4, 4, 7];
    const b = makeBatch(
      data,
      [
        { video: 0, caption: 0 },
        { video: 1, caption: 1 },
      ],
      4,
    );
    // pair 0 trains on [3, 5, 4]: topics 2 (word 3) and 0 (word 5); its word 7 (topic 1) was cut.
    // pair 1 trains on [3, 5, 8]: topics 2, 0 and 1 (word 8).
    expect(b.captionTopics!.arraySync()).toEqual([
      [1, 0, 1],
      [1, 1, 1],
    ]);
    disposeBatch(b);
    expect(makeBatch(tinyData(2), [{ video: 0, caption: 0 }], 4).captionTopics).toBeUndefined();
    expect(() => makeBatch({ ...tinyData(2), topicWords: [[5]] }, [{ video: 0, caption: 0 }], 4)).toThrow(/words of 1 topics, expected 3/);
  });

  it('learns: the task and interpretive losses fall, and no tensors leak across epochs', async () => {
    const model = tinyModel(3, 0);
    const counts: number[] = [];
    const res = await trainCaptioner({
      model,
      data: { train: tinyData() },
      options: { ...opts, epochs: 6, learningRate: 20 },
      onEpoch: () => void counts.push(tf.memory().numTensors),
    });
    const first = res.epochs[0]!;
    const last = res.epochs.at(-1)!;
    expect(last.taskLoss).toBeLessThan(0.6 * first.taskLoss);
    expect(last.interpretiveLoss).toBeLessThan(first.interpretiveLoss);
    expect(first.totalLoss).toBeCloseTo(first.taskLoss + 0.1 * first.interpretiveLoss, 4);
    expect(new Set(counts.slice(1)).size).toBe(1);
  });

  it('a killed-and-resumed training ends with exactly the same weights (3 epochs vs 2 + restart + 1)', async () => {
    const data = tinyData();
    const dirA = await mkdtemp(join(tmpdir(), 'tl-train-'));
    const dirB = await mkdtemp(join(tmpdir(), 'tl-train-'));
    const straight = tinyModel(3);
    await trainCaptioner({ model: straight, data: { train: data }, options: { ...opts, epochs: 3, checkpointDir: dirA } });

    const first = tinyModel(3);
    const r1 = await trainCaptioner({ model: first, data: { train: data }, options: { ...opts, epochs: 2, checkpointDir: dirB } });
    expect(r1.completedEpochs).toBe(2);
    // "new process": fresh instances, even with other initial weights and random streams
    const resumed = tinyModel(99);
    const r2 = await trainCaptioner({ model: resumed, data: { train: data }, options: { ...opts, epochs: 3, checkpointDir: dirB } });
    expect(r2.resumedFrom).toBe(2);
    expect(r2.completedEpochs).toBe(3);
    expect(r2.epochs).toHaveLength(3);
    expect(weights(resumed)).toEqual(weights(straight));
    expect((await readdir(dirB)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('early stopping on the validation score, then the best weights are restored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-train-'));
    const model = tinyModel(5);
    const scores = [0.2, 0.5, 0.4, 0.45, 0.9];
    let atBest: Record<string, number[]> = {};
    const res = await trainCaptioner({
      model,
      data: { train: tinyData() },
      options: { ...opts, epochs: 5, patience: 2, checkpointDir: dir },
      validate: async (epoch) => ({ score: scores[epoch - 1]!, metrics: { bleu4: scores[epoch - 1]! } }),
      onEpoch: (r) => {
        if (r.epoch === 2) atBest = weights(model);
      },
    });
    expect(res.stoppedEarly).toBe(true);
    expect(res.completedEpochs).toBe(4);
    expect(res.bestEpoch).toBe(2);
    expect(res.bestScore).toBe(0.5);
    expect(res.epochs.map((e) => e.best)).toEqual([true, true, false, false]);
    expect(weights(model)).toEqual(atBest);
  });

  it('the NaN/Inf guard stops with the step and the offending tensors named', async () => {
    const data = tinyData(4);
    data.videos[2]!.features[0] = NaN;
    let err: unknown;
    try {
      await trainCaptioner({ model: tinyModel(), data: { train: data }, options: { ...opts, batchSize: 12, epochs: 1 } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteError);
    expect((err as NonFiniteError).step).toBe(1);
    expect((err as Error).message).toMatch(/step 1 in task = NaN, interpretive = NaN, total = NaN, gradient of encoder\/inputKernel/);
  });

  it('saveModel/loadModel restore weights into freshly built plugin instances', async () => {
    const data = tinyData();
    const dir = join(await mkdtemp(join(tmpdir(), 'tl-model-')), 'model');
    const a = tinyModel(3);
    await trainCaptioner({ model: a, data: { train: data }, options: { ...opts, epochs: 1 } });
    await saveModel(dir, { encoder: a.encoder, decoder: a.decoder, interpretiveLoss: a.interpretiveLoss }, { note: 'x' });
    const b = tinyModel(42);
    buildCaptionModel(b, data);
    expect(weights(b)).not.toEqual(weights(a));
    const meta = await loadModel(dir, { encoder: b.encoder, decoder: b.decoder, interpretiveLoss: b.interpretiveLoss });
    expect(meta.note).toBe('x');
    expect(weights(b)).toEqual(weights(a));
    const frames = tf.tensor3d(data.videos[0]!.features, [1, 3, 5]);
    const capA = await a.decoder.decode(a.encoder.apply(frames, false), { beam: 2 });
    const capB = await b.decoder.decode(b.encoder.apply(frames, false), { beam: 2 });
    expect(capB).toEqual(capA);
  });

  it('two identical trainings write identical checkpoints (no wall-clock time in what is saved)', async () => {
    const data = tinyData(6);
    const dirs = [await mkdtemp(join(tmpdir(), 'tl-train-')), await mkdtemp(join(tmpdir(), 'tl-train-'))];
    for (const checkpointDir of dirs)
      await trainCaptioner({ model: tinyModel(3), data: { train: data }, options: { ...opts, epochs: 1, checkpointDir } });
    expect(hashDirectory(dirs[0]!)).toBe(hashDirectory(dirs[1]!));
    expect(JSON.parse(await readFile(join(dirs[0]!, 'last/state.json'), 'utf8')).history[0].seconds).toBeUndefined();
  });
});
