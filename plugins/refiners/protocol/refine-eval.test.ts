import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { Metric } from '../../../core/contracts/metric.js';
import { useBackend } from '../../../core/tensor/testing/use-backend.js';
import { bleuPlugin } from '../../metrics/bleu/plugin.js';
import { BASE_ID } from '../lineage/store.js';
import { halves } from '../session/run-model.js';
import { carriedWord } from '../../../core/text/carry-words.js';
import { resolveTopic } from '../session/topics.js';
import { openFixtureSession, writeFixtureRun } from '../../../test/support/refiners/fixture-run.js';
import { alreadyRead, formatRefineEval, refineEval, selectVideos } from './refine-eval.js';

const options = { mu: 0.01, steps: 40, learningRate: 0.05, optimizer: 'adam' as const };
const open = (runDir: string) => openFixtureSession(runDir, options);

describe('refine session and the refine-eval protocol', () => {
  const root = mkdtempSync(join(tmpdir(), 'tl-refine-eval-'));
  beforeAll(async () => useBackend('cpu'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('"carries a topic" is a top-5 topic word among the caption tokens; topic names resolve by label, name or index', async () => {
    expect(carriedWord('A puppy runs.', ['dog', 'puppy'])).toBe('puppy');
    expect(carriedWord('a dogged man', ['dog', 'puppy'])).toBeNull();
    expect(carriedWord('six', ['a', 'b', 'c', 'd', 'e', 'six'])).toBeNull();
    const runDir = join(root, 'names');
    writeFixtureRun(runDir);
    const s = await open(runDir);
    expect(resolveTopic(s.data.topics, 'car')).toBe(1);
    expect(resolveTopic(s.data.topics, 'swim: swimming, pool, water')).toBe(2);
    expect(resolveTopic(s.data.topics, '0')).toBe(0);
    expect(() => resolveTopic(s.data.topics, 'cars')).toThrow(/Unknown topic "cars"; did you mean "car"\?/);
    expect(() => s.checkVideo('train1')).toThrow(/"train1" is not a test video/);
    expect(() => s.checkVideo('nope')).toThrow(/"nope" is not in this run/);
    s.dispose();
  });

  it('"already read": the topic\'s neurons at ≥ 90 % of its training mean before refinement, sign-aware', () => {
    const rep = (before: number, topicMean: number) => ({
      steps: 1,
      targetDistanceBefore: 1,
      targetDistanceAfter: 1,
      parameterDrift: 0,
      topicNeurons: { before, after: before, topicMean },
    });
    expect(alreadyRead(rep(0.97, 0.97))).toBe(true);
    expect(alreadyRead(rep(0.9, 1))).toBe(true);
    expect(alreadyRead(rep(0.89, 1))).toBe(false);
    expect(alreadyRead({ ...rep(0.1, 1), topicNeurons: { before: 0.1, after: 0.95, topicMean: 1 } }, 'after')).toBe(true);
    expect(alreadyRead(rep(0.12, 0.45))).toBe(false);
    expect(alreadyRead(rep(-0.5, -0.5))).toBe(true); // a neuron that falls with its topic
    expect(alreadyRead(rep(0.2, -0.5))).toBe(false);
    expect(alreadyRead({ ...rep(1, 1), topicNeurons: undefined })).toBeUndefined();
  });

  it('selects the test videos whose whole and second-half captions miss a reference topic, with the most salient topic', async () => {
    const runDir = join(root, 'select');
    writeFixtureRun(runDir);
    const s = await open(runDir);
    const picked = await selectVideos(s, 20);
    // test0 weak dog, test1 weak car, test2 weak swim, test4 weak dog (+strong car), test7 weak dog.
    expect(picked.map((p) => [p.id, p.topic])).toEqual([
      ['test0', 0],
      ['test1', 1],
      ['test2', 2],
      ['test4', 0],
      ['test7', 0],
    ]);
    expect(picked[0]!.whole).toBe('a man');
    expect(picked[3]!.whole).toBe('a car and woman');
    expect((await selectVideos(s, 2)).length).toBe(2);
    expect(halves(s.data, 'test0')).toEqual([
      { id: 'test0', from: 0, to: 4 },
      { id: 'test0', from: 4, to: 8 },
    ]);
    s.dispose();
  });

  it('refine: the caption gains the topic, the lineage records it, undo restores the caption', async () => {
    const runDir = join(root, 'refine');
    writeFixtureRun(runDir);
    const s = await open(runDir);
    const clip = s.wholeClip('test0');
    const r = await s.refine(clip, 'dog');
    expect(r.before).toBe('a man');
    expect(r.after).toBe('a dog and man');
    expect(r.neurons).toEqual([0]);
    expect(r.report.targetDistanceAfter).toBeLessThan(r.report.targetDistanceBefore);
    expect(s.lineage.entry(r.entry.id)).toMatchObject({ parent: BASE_ID, video: 'test0', topicName: 'dog', frames: [0, 8] });
    // A reopened session loads the refined model.
    const s2 = await open(runDir);
    expect(s2.lineage.current()).toBe(r.entry.id);
    expect(await s2.caption(clip)).toBe('a dog and man');
    s2.dispose();
    await s.undo();
    expect(await s.caption(clip)).toBe('a man');
    await expect(s.refine({ id: 'train0', from: 0, to: 8 }, 'dog')).rejects.toThrow(/not a test video/);
    s.dispose();
  });

  it('refine-eval: sequential refinement on first halves, second halves checked, scores before/after, run left on its model', async () => {
    const runDir = join(root, 'protocol');
    writeFixtureRun(runDir);
    const s = await open(runDir);
    const metrics: Metric[] = [await bleuPlugin.create({}, {} as never)];
    const before = tf.memory().numTensors;
    const r = await refineEval(s, { videos: 4, metrics });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.selected).toBe(4);
    expect(r.items.map((it) => it.video)).toEqual(['test0', 'test1', 'test2', 'test4']);
    for (const it of r.items) {
      expect(it.firstHalf).toEqual([0, 4]);
      expect(it.secondHalf).toEqual([4, 8]);
      expect(carriedWord(it.secondBefore, s.data.topics.words[it.topic]!)).toBeNull();
      expect(it.report.targetDistanceAfter).toBeLessThan(it.report.targetDistanceBefore);
    }
    expect(r.carriedAfterOwn).toBe(4);
    expect(r.carriedAfterAll).toBe(4);
    expect(r.missedAlreadyRead).toBe(0);
    expect(r.neuronsReached).toBe(r.items.filter((it) => it.report.topicNeurons!.after >= 0.9 * it.report.topicNeurons!.topicMean).length);
    expect(r.items[0]!.secondAfterAll).toContain('dog');
    expect(r.scores.before.Bleu_4).toBeGreaterThanOrEqual(0);
    expect(r.scores.after.Bleu_1).toBeGreaterThan(r.scores.before.Bleu_1!);
    // Lineage: a chain of 4 refinements from base; the run is back on base.
    expect(s.lineage.ancestry(r.finalModel).map((e) => e.id)).toEqual([BASE_ID, 'r0001', 'r0002', 'r0003', 'r0004']);
    expect(s.lineage.current()).toBe(BASE_ID);
    expect(await s.caption(s.wholeClip('test0'))).toBe('a man');
    const table = formatRefineEval(r);
    expect(table).toMatch(/4 of 4 after all refinements/);
    expect(table).toMatch(/test0 .* dog/);
    expect(existsSync(join(runDir, 'refine', 'models', 'r0004', 'encoder', 'weights.bin'))).toBe(true);
    s.dispose();
  });
});
