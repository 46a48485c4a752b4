import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HasVariables } from '../../core/contracts/tensors.js';
import { namedVariableGrads } from '../../core/tensor/grads.js';
import { DivergenceError } from '../../core/tensor/guard.js';
import { useBackend } from '../../core/tensor/testing/use-backend.js';
import { inBatches, runTrainingLoop, type LoopOptions, type LoopWording, type StepLosses, type TrainingLoop } from './loop.js';

/** One weight w; each step pulls it towards the batch's target: loss (w − t)². */
class Toy implements HasVariables {
  readonly w: tf.Variable;
  constructor(init = 0) {
    this.w = tf.variable(tf.scalar(init));
  }
  variables() {
    return { w: this.w };
  }
  get value(): number {
    return this.w.dataSync()[0]!;
  }
}

const wording: LoopWording = {
  epochLabel: (e, n) => `epoch ${e}/${n}`,
  epochSummary: (r) => `loss ${r.totalLoss}`,
  epochEvent: 'toy/epoch',
  resumed: (s) => `resumed after ${s.epoch}`,
  restored: (s) => `restored ${s.bestEpoch}`,
  otherOptions: (dir, saved, now) => `other options in ${dir}: ${JSON.stringify(saved)} vs ${JSON.stringify(now)}`,
};
const options = (o: Partial<LoopOptions> = {}): LoopOptions => ({
  epochs: 4,
  patience: 0,
  restoreBest: true,
  adadelta: { rho: 0.95, epsilon: 1e-6, learningRate: 1 },
  shuffleSeed: 7,
  fingerprint: { seed: 7 },
  divergenceFactor: 10,
  settings: 'toy settings',
  ...o,
});

/** The toy's loop: two batches an epoch, each a target drawn from the loop's Rng. */
function toyLoop(
  toy: Toy,
  o: LoopOptions,
  seen: { steps: number[]; targets: number[]; weights: number[] },
  scores?: number[],
): TrainingLoop<number> {
  return {
    parts: { toy },
    options: o,
    wording,
    planEpoch: (rng) => [rng.next(), rng.next()],
    step: (t, { step, optimizer }) => {
      seen.steps.push(step);
      seen.targets.push(t);
      const { value, grads } = namedVariableGrads(() => tf.square(tf.sub(toy.w, t)) as tf.Scalar, toy.variables());
      optimizer.apply(toy.variables(), grads);
      const loss = value.dataSync()[0]!;
      tf.dispose([value, ...Object.values(grads)]);
      return { task: loss, interpretive: 0, total: loss, gradNorm: 0 };
    },
    ...(scores ? { validate: async (epoch: number) => ({ score: scores[epoch - 1]! }) } : {}),
    onEpoch: () => void seen.weights.push(toy.value),
  };
}
const watch = () => ({ steps: [] as number[], targets: [] as number[], weights: [] as number[] });

describe('runTrainingLoop', () => {
  beforeAll(async () => useBackend('cpu'));

  it("averages the steps' losses per epoch and stops early after `patience` epochs without a better score", async () => {
    const losses = [4, 2, 3, 1, 1, 1, 5, 5, 6, 6];
    const scores = [0.1, 0.3, 0.2, 0.25, 0.9];
    const seen: number[] = [];
    let i = 0;
    const res = await runTrainingLoop<number>({
      parts: {},
      options: options({ epochs: 5, patience: 2, divergenceFactor: 0 }),
      wording,
      planEpoch: () => [0, 1],
      step: (_p, { step }): StepLosses => {
        seen.push(step);
        const l = losses[i++]!;
        return { task: l, interpretive: l / 10, total: l + l / 10, gradNorm: 2 * l };
      },
      validate: async (epoch) => ({ score: scores[epoch - 1]!, metrics: { m: epoch } }),
    });
    expect(res.stoppedEarly).toBe(true);
    expect(res.completedEpochs).toBe(4); // best at 2, then 3 and 4 without improvement: patience 2 spent
    expect(res.bestEpoch).toBe(2);
    expect(res.bestScore).toBe(0.3);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(res.epochs.map((e) => e.best)).toEqual([true, true, false, false]);
    expect(res.epochs.map((e) => e.taskLoss)).toEqual([3, 2, 1, 5]);
    expect(res.epochs.map((e) => e.gradNorm)).toEqual([6, 4, 2, 10]);
    expect(res.epochs[0]!.interpretiveLoss).toBeCloseTo(0.3, 12);
    expect(res.epochs[3]!.validation).toEqual({ score: 0.25, metrics: { m: 4 } });
    expect(res.epochs.every((e) => e.seconds === undefined)).toBe(true); // the history holds no wall-clock time
  });

  it("restores the best epoch's weights from best/ (only with a checkpointDir and restoreBest)", async () => {
    const scores = [0.1, 0.5, 0.2, 0.3];
    const run = async (o: Partial<LoopOptions>) => {
      const toy = new Toy();
      const seen = watch();
      const res = await runTrainingLoop(toyLoop(toy, options(o), seen, scores));
      return { toy, seen, res };
    };
    const dir = mkdtempSync(join(tmpdir(), 'tl-loop-'));
    const restored = await run({ checkpointDir: dir });
    expect(restored.res.bestEpoch).toBe(2);
    expect(restored.seen.weights).toHaveLength(4);
    expect(restored.toy.value).toBe(restored.seen.weights[1]);
    expect(restored.toy.value).not.toBe(restored.seen.weights[3]);
    expect(JSON.parse(readFileSync(join(dir, 'best/topiclens-model.json'), 'utf8'))).toMatchObject({ epoch: 2, score: 0.5, metrics: {} });
    const kept = await run({ checkpointDir: mkdtempSync(join(tmpdir(), 'tl-loop-')), restoreBest: false });
    expect(kept.toy.value).toBe(kept.seen.weights[3]);
    const noDir = await run({});
    expect(noDir.toy.value).toBe(noDir.seen.weights[3]);
    expect(noDir.toy.value).toBe(restored.seen.weights[3]); // same numbers with and without checkpoints
  });

  it('resumes from last/ at the next step with the same shuffling: 2 + 2 epochs end bit-equal to 4', async () => {
    const straight = new Toy();
    const a = watch();
    const full = await runTrainingLoop(toyLoop(straight, options({ checkpointDir: mkdtempSync(join(tmpdir(), 'tl-loop-')) }), a));
    const dir = mkdtempSync(join(tmpdir(), 'tl-loop-'));
    const b = watch();
    await runTrainingLoop(toyLoop(new Toy(), options({ epochs: 2, checkpointDir: dir }), b));
    const resumed = new Toy(5); // a "new process" with another initial weight
    const c = watch();
    const res = await runTrainingLoop(toyLoop(resumed, options({ checkpointDir: dir }), c));
    expect(res.resumedFrom).toBe(2);
    expect(c.steps).toEqual([5, 6, 7, 8]);
    expect(c.targets).toEqual(a.targets.slice(4));
    expect(resumed.value).toBe(straight.value);
    expect(res.epochs).toEqual(full.epochs);
    expect(JSON.parse(readFileSync(join(dir, 'last/state.json'), 'utf8'))).toMatchObject({ epoch: 4, step: 8, optimizerStep: 8 });
  });

  it('refuses a checkpoint made with another fingerprint, leaving it as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-loop-'));
    await runTrainingLoop(toyLoop(new Toy(), options({ epochs: 1, checkpointDir: dir, fingerprint: { seed: 7, batchSize: 2 } }), watch()));
    const before = readFileSync(join(dir, 'last/state.json'), 'utf8');
    const seen = watch();
    await expect(
      runTrainingLoop(toyLoop(new Toy(), options({ checkpointDir: dir, fingerprint: { seed: 7, batchSize: 3 } }), seen)),
    ).rejects.toThrowError(`other options in ${join(dir, 'last')}: {"seed":7,"batchSize":2} vs {"seed":7,"batchSize":3}`);
    expect(seen.steps).toEqual([]);
    expect(readFileSync(join(dir, 'last/state.json'), 'utf8')).toBe(before);
  });

  it('a resumed run whose patience was spent trains no further epoch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-loop-'));
    const scores = [0.5, 0.1, 0.2, 0.9, 0.9, 0.9];
    const first = await runTrainingLoop(toyLoop(new Toy(), options({ epochs: 6, patience: 2, checkpointDir: dir }), watch(), scores));
    expect(first.completedEpochs).toBe(3);
    const seen = watch();
    const again = await runTrainingLoop(toyLoop(new Toy(), options({ epochs: 6, patience: 2, checkpointDir: dir }), seen, scores));
    expect(again).toMatchObject({ resumedFrom: 3, completedEpochs: 3, stoppedEarly: true, bestEpoch: 1 });
    expect(seen.steps).toEqual([]);
  });

  it('with weightAverage, validation and the final model see the moving average; training goes on from the raw weights', async () => {
    const toy = new Toy();
    const raw: number[] = [];
    const validated: number[] = [];
    const loop = toyLoop(toy, options({ epochs: 3, weightAverage: 0.5 }), watch());
    const step = loop.step;
    loop.step = (t, at) => {
      const r = step(t, at);
      raw.push(toy.value);
      return r;
    };
    loop.validate = async () => {
      validated.push(toy.value);
      return { score: 0 };
    };
    const epochEnds: number[] = [];
    loop.onEpoch = () => void epochEnds.push(toy.value);
    const tensorsBefore = tf.memory().numTensors;
    await runTrainingLoop(loop);
    expect(tf.memory().numTensors).toBe(tensorsBefore); // the averages and held weights are disposed
    // The bias-corrected average m_t / (1 − 0.5ᵗ), m_t = 0.5·m_{t−1} + 0.5·w_t, m_0 = 0.
    let m = 0;
    const averages = raw.map((w, i) => {
      m = 0.5 * m + 0.5 * w;
      return m / (1 - 0.5 ** (i + 1));
    });
    expect(raw).toHaveLength(6);
    for (let e = 0; e < 3; e++) {
      expect(validated[e]).toBeCloseTo(averages[2 * e + 1]!, 6);
      expect(epochEnds[e]).toBe(raw[2 * e + 1]); // the raw weights are back after validation
    }
    expect(Math.abs(averages[5]! - raw[5]!)).toBeGreaterThan(1e-3); // the test can tell the two apart
    expect(toy.value).toBeCloseTo(averages[5]!, 6);
  });

  it('with weightAverage, 2 + 2 epochs resumed end bit-equal to 4, averages included', async () => {
    const o = (x: Partial<LoopOptions>) => options({ weightAverage: 0.9, ...x });
    const straight = new Toy();
    await runTrainingLoop(toyLoop(straight, o({ checkpointDir: mkdtempSync(join(tmpdir(), 'tl-loop-')) }), watch()));
    const dir = mkdtempSync(join(tmpdir(), 'tl-loop-'));
    await runTrainingLoop(toyLoop(new Toy(), o({ epochs: 2, checkpointDir: dir }), watch()));
    const resumed = new Toy(5);
    const res = await runTrainingLoop(toyLoop(resumed, o({ checkpointDir: dir }), watch()));
    expect(res.resumedFrom).toBe(2);
    expect(resumed.value).toBe(straight.value);
    // A checkpoint without averages cannot resume a run that averages.
    const plain = mkdtempSync(join(tmpdir(), 'tl-loop-'));
    await runTrainingLoop(toyLoop(new Toy(), options({ epochs: 1, checkpointDir: plain }), watch()));
    await expect(runTrainingLoop(toyLoop(new Toy(), o({ checkpointDir: plain }), watch()))).rejects.toThrowError(
      /has no weight average for "toy\/w"/,
    );
  });

  it('inBatches cuts in order, the last batch smaller', () => {
    expect(inBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(inBatches([1, 2], 4)).toEqual([[1, 2]]);
  });

  it("the divergence guard stops at the first step over factor × the first step's loss, before afterStep sees it", async () => {
    const losses = [2, 15, 19, 21];
    const after: number[] = [];
    const run = runTrainingLoop<number>({
      parts: {},
      options: options({ epochs: 2 }),
      wording,
      planEpoch: () => [0, 1],
      step: (_p, { step }) => ({ task: losses[step - 1]!, interpretive: 0, total: losses[step - 1]!, gradNorm: 0 }),
      afterStep: (step) => void after.push(step),
    });
    await expect(run).rejects.toThrowError(DivergenceError);
    await expect(run).rejects.toThrowError(
      /^training diverged at step 4 \(epoch 2\): the total loss is 2\.100e\+1, over 10× the first step's 2\.0000 \(toy settings\)/,
    );
    expect(after).toEqual([1, 2, 3]);
  });
});
