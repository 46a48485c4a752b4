import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLUGINS, createDefaultRegistry, loadConfig, runCli, runExperiment } from '../../index.js';
import { readEventFile } from '../support/tensorboard-reader.js';
import { writeTinyConfig } from './tiny-config.js';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('the whole pipeline on a tiny synthetic world', () => {
  it('runs topics → features → train → evaluate → attribute → report, then skips everything on a rerun', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-pipeline-'));
    const registry = await createDefaultRegistry();
    const loaded = await loadConfig(writeTinyConfig(dir), registry);
    const quiet = { output: { quiet: true } };
    const first = await runExperiment(loaded, registry, quiet);
    expect(first.stages.filter((s) => s.status === 'ran').map((s) => s.name)).toEqual([
      'topics',
      'features',
      'train',
      'evaluate',
      'attribute',
      'report',
    ]);
    const run = first.runDir;

    const history = readJson(join(run, 'train/history.json'));
    expect(history).toHaveLength(2);
    expect(history[1].taskLoss).toBeLessThan(history[0].taskLoss);
    expect(history[0].interpretiveLoss).toBeGreaterThan(0);

    const scores = readJson(join(run, 'evaluate/scores.json'));
    expect(Object.keys(scores.items)).toHaveLength(12);
    for (const key of ['Bleu_4', 'METEOR', 'ROUGE_L', 'CIDEr']) {
      expect(scores.corpus[key]).toBeGreaterThanOrEqual(0);
      expect(scores.baseline.corpus[key]).toBeGreaterThanOrEqual(0);
    }
    const captions = readJson(join(run, 'evaluate/captions.json'));
    expect(Object.values(captions).every((c) => typeof (c as { hypothesis: string }).hypothesis === 'string')).toBe(true);

    for (const f of ['topic-word-counts.npy', 'doc-topic-counts.npy', 'vocab.txt', 'doc-ids.txt'])
      expect(existsSync(join(run, 'topics', f))).toBe(true);
    expect(readFileSync(join(run, 'topics/doc-ids.txt'), 'utf8').trimEnd().split('\n')).toHaveLength(40);
    const map = readJson(join(run, 'attribute/neuron-topic-map.json'));
    expect(map.numNeurons).toBe(16);
    expect(map.numTopics).toBe(8);
    const pairs = map.topics.reduce((s: number, t: { pairs: number }) => s + t.pairs, 0);
    const counted = map.topics.reduce(
      (s: number, t: { neurons: { count: number }[] }) => s + t.neurons.reduce((a, n) => a + n.count, 0),
      0,
    );
    expect(counted).toBe(pairs);
    const interp = readJson(join(run, 'attribute/interpretability.json'));
    expect(interp.summary.pairs).toBeGreaterThan(0);
    expect(interp.summary.groundTruthAgreement).not.toBeUndefined();
    const frames = readJson(join(run, 'attribute/frame-activations.json'));
    const sample = Object.values(frames)[0] as Record<string, { values: number[] }>;
    expect(Object.values(sample)[0]!.values).toHaveLength(6);
    expect(existsSync(join(run, 'report/report.html'))).toBe(true);
    const trainFinished = readJson(join(run, 'train/manifest.json')).finishedAt;

    // `topiclens attribute <run> --attributor NAME` reuses the trained model and rewrites attribute/.
    const out: string[] = [];
    const code = await runCli(['attribute', run, '--attributor', 'ablation', '--options', '{"baseline":"training-mean"}'], {
      modules: [BUILTIN_PLUGINS],
      stdout: (t) => out.push(t),
      stderr: () => {},
    });
    expect(code).toBe(0);
    expect(readJson(join(run, 'attribute/interpretability.json')).method).toMatch(/^ablation/);
    expect(readFileSync(join(run, 'attribute/neuron-topic-map.csv'), 'utf8').split('\n')[0]).toMatch(/^neuron,topic/);
    expect(readJson(join(run, 'train/manifest.json')).finishedAt).toBe(trainFinished);
    const bad: string[] = [];
    expect(
      await runCli(['attribute', run, '--attributor', 'pdn'], { modules: [BUILTIN_PLUGINS], stdout: () => {}, stderr: (t) => bad.push(t) }),
    ).toBe(2);
    expect(bad.join('\n')).toContain('unknown attributor plugin "pdn"; did you mean "pdm"?');
    await runCli(['attribute', run, '--attributor', 'pdm'], { modules: [BUILTIN_PLUGINS], stdout: () => {}, stderr: () => {} });

    const before = tf.memory().numTensors;
    const second = await runExperiment(loaded, registry, quiet);
    expect(second.stages.filter((s) => s.status !== 'disabled').map((s) => `${s.name}:${s.status}`)).toEqual(
      ['topics', 'features', 'train', 'evaluate', 'attribute', 'report'].map((n) => `${n}:cached`),
    );
    expect(tf.memory().numTensors).toBe(before);

    // scoreOn: "val" scores the same trained model on the 8 val videos, never the test ones.
    const onVal = await loadConfig(writeTinyConfig(dir, { scoreOn: 'val' }), registry);
    const third = await runExperiment(onVal, registry, quiet);
    expect(third.stages.filter((s) => s.status !== 'disabled').map((s) => `${s.name}:${s.status}`)).toEqual([
      'topics:cached',
      'features:cached',
      'train:cached',
      'evaluate:ran',
      'attribute:ran',
      'report:ran',
    ]);
    const valIds = Object.keys(readJson(join(run, 'evaluate/captions.json')));
    expect(valIds).toHaveLength(8);
    expect(valIds.some((id) => Object.keys(captions).includes(id))).toBe(false);
    expect(readJson(join(run, 'attribute/interpretability.json')).split).toBe('val');
    expect(readJson(join(run, 'attribute/fig3.json')).split).toBe('val');
  }, 180_000);

  it("tensorboard: true writes the epochs' and every step's losses as TensorBoard scalars equal to the history", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-pipeline-'));
    const registry = await createDefaultRegistry();
    const loaded = await loadConfig(writeTinyConfig(dir, { tensorboard: true }), registry);
    const { runDir } = await runExperiment(loaded, registry, { output: { quiet: true } });
    const files = readdirSync(join(runDir, 'tensorboard'));
    expect(files).toHaveLength(1);
    const events = readEventFile(readFileSync(join(runDir, 'tensorboard', files[0]!)));
    const history = readJson(join(runDir, 'train/history.json')) as { epoch: number; taskLoss: number; val: { Bleu_4: number } }[];
    const epochs = events.filter((e) => 'train/epoch/taskLoss' in e.values);
    expect(epochs.map((e) => e.step)).toEqual([1, 2]);
    epochs.forEach((e, i) => {
      expect(e.values['train/epoch/taskLoss']).toBe(Math.fround(history[i]!.taskLoss));
      expect(e.values['train/epoch/validation/metrics/Bleu_4']).toBe(Math.fround(history[i]!.val.Bleu_4));
    });
    const steps = events.filter((e) => 'train/step/totalLoss' in e.values).map((e) => e.step);
    // 40 clips × 2 captions in batches of 32: 3 steps an epoch.
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
    // The attribute stage's figures too, and the scalars change no stage's output hash.
    expect(events.some((e) => typeof e.values['attribute/attribute/detectorAuroc'] === 'number')).toBe(true);
    const plain = await runExperiment(await loadConfig(writeTinyConfig(dir, { tensorboard: false }), registry), registry, {
      output: { quiet: true },
    });
    expect(plain.stages.filter((s) => s.status !== 'disabled').every((s) => s.status === 'cached')).toBe(true);
  }, 180_000);

  it('refuses an interpretive loss without a topic model, saying what to configure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-pipeline-'));
    const registry = await createDefaultRegistry();
    const loaded = await loadConfig(writeTinyConfig(dir, { topicModel: null, attribute: null }), registry);
    await expect(runExperiment(loaded, registry, { output: { quiet: true } })).rejects.toThrowError(
      'The interpretive loss (λ > 0) needs topic vectors: configure a "topicModel", or use {"type": "none"} as the interpretiveLoss.',
    );
    const log = readFileSync(join(dir, 'runs/tiny/log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.at(-1)).toMatchObject({ stage: 'train', event: 'stage-failed' });
    expect(log.at(-1).error).toMatch(/^The interpretive loss/);
  }, 60_000);
});
