import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_TOPICS, writeFixtureRun } from './fixture-run.js';
import { readPart, readRun, variantOf } from './read-run.js';

const tmp = mkdtempSync(join(tmpdir(), 'topiclens-report-read-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const put = (dir: string, rel: string, text: string) => {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
};

describe('readPart', () => {
  it('says which file is missing and which stage writes it', () => {
    const dir = join(tmp, 'empty');
    mkdirSync(dir);
    const p = readPart(dir, 'meanActivations');
    expect(p).toMatchObject({ ok: false, problem: 'missing', stage: 'attribute', file: join(dir, 'attribute/mean-activations.json') });
  });

  it('reports invalid JSON and wrong shapes with the JSON path, instead of throwing', () => {
    const dir = join(tmp, 'bad');
    put(dir, 'train/history.json', '[{"epoch": 1, "taskLoss": 2.5}, {"epoch": 2, "taskLoss": "high"}]');
    put(dir, 'evaluate/scores.json', '{"corpus": {"Bleu_4": 0.3', );
    put(dir, 'attribute/mean-activations.json', '{"dog": [0.1, 0.2], "cat": [0.3]}');
    const h = readPart(dir, 'history');
    expect(h.ok).toBe(false);
    if (!h.ok) expect(h.detail).toContain('/1/taskLoss: expected a finite number, found "high"');
    const s = readPart(dir, 'scores');
    expect(s.ok === false && s.problem).toBe('unreadable');
    if (!s.ok) expect(s.detail).toContain('is not valid JSON');
    const m = readPart(dir, 'meanActivations');
    if (m.ok) throw new Error('expected a shape problem');
    expect(m.detail).toContain('/cat: expected 2 values like the topics before it, found "1 values"');
  });

  it('keeps null validation scores out (a metric not computed that epoch) and reads the rest', () => {
    const dir = join(tmp, 'hist');
    put(dir, 'train/history.json', JSON.stringify([{ epoch: 1, taskLoss: 3, interpretiveLoss: null, val: { Bleu_4: 0.2, CIDEr: null } }, { epoch: 2, taskLoss: 2 }]));
    const h = readPart(dir, 'history');
    expect(h.ok && h.value).toEqual([
      { epoch: 1, taskLoss: 3, val: { Bleu_4: 0.2 } },
      { epoch: 2, taskLoss: 2, val: {} },
    ]);
  });

  it('counts videos per topic from topic-vectors.json and rejects out-of-range topics', () => {
    const dir = join(tmp, 'vectors');
    put(dir, 'topics/topic-vectors.json', JSON.stringify({ numTopics: 3, names: ['a', 'b', 'c'], vectors: { v1: [0, 2], v2: [2], v3: [] } }));
    const p = readPart(dir, 'topicVideos');
    expect(p.ok && p.value).toEqual([1, 0, 2]);
    put(dir, 'topics/topic-vectors.json', JSON.stringify({ numTopics: 3, vectors: { v1: [3] } }));
    const q = readPart(dir, 'topicVideos');
    expect(!q.ok && q.detail).toContain('/vectors/v1/0: expected a topic index in 0..2, found 3');
  });
});

describe('interpretability.json', () => {
  it('reads per-topic scores with nulls and the summary, and names a bad field by its path', () => {
    const dir = join(tmp, 'interp');
    put(dir, 'attribute/interpretability.json', JSON.stringify({ perTopic: [{ topic: 0, name: 'dog', neuron: 3, auroc: null, consistency: 0.5, positives: 0, negatives: 4, peakedness: 2, gini: 0.4 }], summary: { meanAuroc: null, pairs: 12 } }));
    const p = readPart(dir, 'interpretability');
    expect(p.ok && p.value).toEqual({ perTopic: [{ topic: 0, name: 'dog', neuron: 3, auroc: null, consistency: 0.5, peakedness: 2, gini: 0.4 }], summary: { meanAuroc: null, pairs: 12 } });
    put(dir, 'attribute/interpretability.json', JSON.stringify({ perTopic: [{ topic: 0, name: 'dog', neuron: 1.5 }] }));
    const q = readPart(dir, 'interpretability');
    expect(!q.ok && q.detail).toContain('/perTopic/0/neuron: expected an integer, found 1.5');
  });
});

describe('neuron–topic map forms', () => {
  it('reads the layout count matrix and the attributors\' builder form into the same cells', () => {
    const a = readRun(writeFixtureRun(join(tmp, 'map-counts'), { mapForm: 'counts' }));
    const b = readRun(writeFixtureRun(join(tmp, 'map-builder'), { mapForm: 'builder' }));
    if (!a.neuronMap.ok || !b.neuronMap.ok) throw new Error('maps should read');
    const sorted = (cells: { neuron: number; topic: number; count: number }[]) => [...cells].sort((x, y) => x.topic - y.topic || x.neuron - y.neuron);
    expect(sorted(b.neuronMap.value.cells)).toEqual(sorted(a.neuronMap.value.cells));
    expect(b.neuronMap.value.topicNeurons).toEqual(a.neuronMap.value.topicNeurons);
    // LSTM-I fixture: topic k → neuron 3k+1 chosen 9 times, neuron 3k+8 twice.
    expect(a.neuronMap.value.topicNeurons).toEqual(FIXTURE_TOPICS.map((_, k) => [3 * k + 1, (3 * k + 8) % 24]));
    expect(a.neuronMap.value.cells.find((c) => c.topic === 2 && c.neuron === 7)?.count).toBe(9);
    expect(a.neuronMap.value.numNeurons).toBe(24);
  });

  it('rejects a count row whose length differs from the topic names', () => {
    const dir = join(tmp, 'map-bad');
    put(dir, 'attribute/neuron-topic-map.json', JSON.stringify({ counts: [[1, 0], [0]], topicNames: ['a', 'b'] }));
    const p = readPart(dir, 'neuronMap');
    expect(!p.ok && p.detail).toContain('/counts/1: expected 2 counts (one per topic name)');
  });
});

describe('variantOf', () => {
  const cfg = (value: object) => ({ ok: true as const, file: 'config.json', value });
  it('is LSTM-I with an interpretive loss of λ > 0, LSTM-B without one or with λ = 0', () => {
    expect(variantOf(cfg({ interpretiveLossType: 'l2', lambda: 0.1 }))).toBe('LSTM-I');
    expect(variantOf(cfg({ interpretiveLossType: 'l2' }))).toBe('LSTM-I');
    expect(variantOf(cfg({ interpretiveLossType: 'l2', lambda: 0 }))).toBe('LSTM-B');
    expect(variantOf(cfg({}))).toBe('LSTM-B');
    expect(variantOf(cfg({ interpretiveLossType: 'none' }))).toBe('LSTM-B');
    expect(variantOf({ ok: false, file: 'config.json', stage: 'run', problem: 'missing', detail: '' })).toBe('run');
  });
  it('labels a run by variant and config name, or by its folder when config.json is missing', () => {
    expect(readRun(writeFixtureRun(join(tmp, 'lab'), { variant: 'LSTM-B', name: 'b7' })).label).toBe('LSTM-B (b7)');
    expect(readRun(writeFixtureRun(join(tmp, 'folder-name'), { omit: ['config'] })).label).toBe('folder-name');
  });
});
