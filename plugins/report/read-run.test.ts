import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_TOPICS, writeFixtureRun } from '../../test/support/report/fixture-run.js';
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
    put(dir, 'evaluate/scores.json', '{"corpus": {"Bleu_4": 0.3');
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
    put(
      dir,
      'train/history.json',
      JSON.stringify([
        { epoch: 1, taskLoss: 3, interpretiveLoss: null, val: { Bleu_4: 0.2, CIDEr: null } },
        { epoch: 2, taskLoss: 2 },
      ]),
    );
    const h = readPart(dir, 'history');
    expect(h.ok && h.value).toEqual([
      { epoch: 1, taskLoss: 3, val: { Bleu_4: 0.2 } },
      { epoch: 2, taskLoss: 2, val: {} },
    ]);
  });

  it('counts videos per topic from topic-vectors.json and rejects out-of-range topics', () => {
    const dir = join(tmp, 'vectors');
    put(
      dir,
      'topics/topic-vectors.json',
      JSON.stringify({ numTopics: 3, names: ['a', 'b', 'c'], vectors: { v1: [0, 2], v2: [2], v3: [] } }),
    );
    const p = readPart(dir, 'topicVideos');
    expect(p.ok && p.value).toEqual([1, 0, 2]);
    put(dir, 'topics/topic-vectors.json', JSON.stringify({ numTopics: 3, names: ['a', 'b', 'c'], vectors: { v1: [3] } }));
    const q = readPart(dir, 'topicVideos');
    expect(!q.ok && q.detail).toContain('/vectors/v1/0: expected a topic index in 0..2, found 3');
  });
});

describe('interpretability.json', () => {
  it('reads an older file (raw-sign AUROC as "auroc" / "meanAuroc") as the sign-blind signedAuroc, and names a bad field by its path', () => {
    const dir = join(tmp, 'interp');
    put(
      dir,
      'attribute/interpretability.json',
      JSON.stringify({
        perTopic: [
          { topic: 0, name: 'dog', neuron: 3, auroc: null, consistency: 0.5, positives: 0, negatives: 4, peakedness: 2, gini: 0.4 },
        ],
        summary: { meanAuroc: 0.478, pairs: 12 },
      }),
    );
    const p = readPart(dir, 'interpretability');
    expect(p.ok && p.value).toEqual({
      perTopic: [
        {
          topic: 0,
          name: 'dog',
          neuron: 3,
          positives: 0,
          negatives: 4,
          scores: { signedAuroc: null, consistency: 0.5, peakedness: 2, gini: 0.4 },
        },
      ],
      summary: { signedAuroc: 0.478, pairs: 12 },
      format: 'legacy',
    });
    put(dir, 'attribute/interpretability.json', JSON.stringify({ perTopic: [{ topic: 0, name: 'dog', neuron: 1.5 }] }));
    const q = readPart(dir, 'interpretability');
    expect(!q.ok && q.detail).toContain('/perTopic/0/neuron: expected an integer, found 1.5');
  });

  it('reads the sign-aware scores: direction, own neurons, detector and signed AUROC, stands-out', () => {
    const run = readRun(writeFixtureRun(join(tmp, 'interp-current')));
    if (!run.interpretability.ok) throw new Error(run.interpretability.detail);
    const { perTopic, summary, format } = run.interpretability.value;
    expect(format).toBe('sign-aware');
    // Guitar's neuron falls with it: sign-aware AUROC high, the raw-sign one its complement.
    expect(perTopic[2]).toMatchObject({ name: 'guitar', neuron: 7, ownNeurons: [7, 14], direction: -1, standsOut: true });
    expect(perTopic[2]!.scores.signedAuroc).toBeCloseTo(1 - perTopic[2]!.scores.detectorAuroc!, 4);
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining([
        'detectorAuroc',
        'signedAuroc',
        'selectivity',
        'contrastPeakedness',
        'standsOutShare',
        'decodingOwn',
        'decodingAll',
        'groundTruthAgreement',
        'topicsScored',
        'topicsWithoutNeuron',
      ]),
    );
    expect(summary.meanAuroc).toBeUndefined();
  });
});

describe('fig3.json', () => {
  it('reads per topic the with / without means, own neurons and direction', () => {
    const run = readRun(writeFixtureRun(join(tmp, 'fig3')));
    if (!run.fig3.ok) throw new Error(run.fig3.detail);
    expect(run.fig3.value.split).toBe('test');
    expect(run.fig3.value.topics).toHaveLength(6);
    expect(run.fig3.value.topics[2]).toMatchObject({ topic: 2, name: 'guitar', neurons: [7, 14], direction: -1 });
    expect(run.fig3.value.topics[2]!.withMean).toHaveLength(24);
  });

  it('reads a topic without own neuron (direction null, as the attribute stage writes it) and rejects null beside neurons', () => {
    const dir = join(tmp, 'fig3-no-neuron');
    const topic = {
      topic: 0,
      name: 'water',
      neurons: [],
      direction: null,
      positives: 2,
      negatives: 3,
      withMean: [0.1, 0.2],
      withoutMean: [0.1, 0.2],
    };
    put(dir, 'attribute/fig3.json', JSON.stringify({ split: 'val', topics: [topic] }));
    const p = readPart(dir, 'fig3');
    if (!p.ok) throw new Error(p.detail);
    expect(p.value.topics[0]).toMatchObject({ name: 'water', neurons: [], direction: null });
    put(dir, 'attribute/fig3.json', JSON.stringify({ split: 'val', topics: [{ ...topic, neurons: [1] }] }));
    const q = readPart(dir, 'fig3');
    expect(!q.ok && q.detail).toContain('/topics/0/direction: expected a finite number');
  });

  it('rejects means of different lengths and own neurons outside the profile', () => {
    const dir = join(tmp, 'fig3-bad');
    const topic = {
      topic: 0,
      name: 'dog',
      neurons: [1],
      direction: 1,
      positives: 2,
      negatives: 3,
      withMean: [0.1, 0.2],
      withoutMean: [0.1, 0.2],
    };
    put(dir, 'attribute/fig3.json', JSON.stringify({ split: 'test', topics: [topic, { ...topic, withoutMean: [0.1] }] }));
    const p = readPart(dir, 'fig3');
    expect(!p.ok && p.detail).toContain('/topics/1/withoutMean: expected 2 values like withMean, found "1 values"');
    put(dir, 'attribute/fig3.json', JSON.stringify({ split: 'test', topics: [{ ...topic, neurons: [2] }] }));
    const q = readPart(dir, 'fig3');
    expect(!q.ok && q.detail).toContain('/topics/0/neurons/0: expected a neuron index in 0..1, found 2');
  });

  it('is missing for a run made before it, saying the attribute stage writes it', () => {
    const run = readRun(writeFixtureRun(join(tmp, 'fig3-legacy'), { format: 'legacy' }));
    expect(run.fig3).toMatchObject({ ok: false, problem: 'missing', stage: 'attribute' });
  });
});

describe('neuron–topic map forms', () => {
  it("reads the layout count matrix and the attributors' builder form into the same cells and names", () => {
    const a = readRun(writeFixtureRun(join(tmp, 'map-counts'), { mapForm: 'counts' }));
    const b = readRun(writeFixtureRun(join(tmp, 'map-builder'), { mapForm: 'builder' }));
    if (!a.neuronMap.ok || !b.neuronMap.ok) throw new Error('maps should read');
    const sorted = (cells: { neuron: number; topic: number; count: number }[]) =>
      [...cells].sort((x, y) => x.topic - y.topic || x.neuron - y.neuron);
    expect(sorted(b.neuronMap.value.cells)).toEqual(sorted(a.neuronMap.value.cells));
    expect(b.neuronMap.value.topicNeurons).toEqual(a.neuronMap.value.topicNeurons);
    // LSTM-I fixture: topic k → neuron 3k+1 chosen 9 times, neuron 3k+8 twice; neuron 1 also 12 times for topic 5.
    expect(a.neuronMap.value.topicNeurons).toEqual(FIXTURE_TOPICS.map((_, k) => (k === 5 ? [1, 16, 23] : [3 * k + 1, (3 * k + 8) % 24])));
    expect(a.neuronMap.value.cells.find((c) => c.topic === 2 && c.neuron === 7)?.count).toBe(9);
    expect(a.neuronMap.value.numNeurons).toBe(24);
    expect(b.neuronMap.value.names).toEqual(a.neuronMap.value.names);
  });

  it("names each neuron once: by the map's own labels when it has them", () => {
    const run = readRun(writeFixtureRun(join(tmp, 'names-current'), { mapForm: 'builder' }));
    if (!run.neuronMap.ok) throw new Error(run.neuronMap.detail);
    const { names } = run.neuronMap.value;
    expect(names.source).toBe('map');
    // Neuron 1 is chosen more often for topic 5 than for topic 0, but the map names it by topic 0.
    expect(names.labelOf[1]).toBe(0);
    expect(names.ownNeurons[0]).toEqual([1, 8]);
    expect(names.ownNeurons[5]).toEqual([16, 23]);
    const listed = names.ownNeurons.flat();
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('names each neuron once in an older map too: by the topic PDM chose it for most', () => {
    const run = readRun(writeFixtureRun(join(tmp, 'names-legacy'), { format: 'legacy' }));
    if (!run.neuronMap.ok) throw new Error(run.neuronMap.detail);
    const { names } = run.neuronMap.value;
    expect(names.source).toBe('most chosen');
    expect(names.labelOf[1]).toBe(5); // 12 choices for topic 5 against 9 for topic 0
    expect(names.ownNeurons[0]).toEqual([8]);
    expect(names.ownNeurons[5]).toEqual([1, 16, 23]);
    expect(names.labelOf[0]).toBeNull(); // never chosen
    const listed = names.ownNeurons.flat();
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('reads the topics-only form (topics[].neurons with counts)', () => {
    const dir = join(tmp, 'map-topics');
    put(
      dir,
      'attribute/neuron-topic-map.json',
      JSON.stringify({
        method: 'pdm',
        numNeurons: 4,
        topicNames: ['dog', 'car'],
        topics: [
          {
            topic: 0,
            neurons: [
              { neuron: 2, count: 10 },
              { neuron: 3, count: 1 },
            ],
          },
          { topic: 1, neurons: [{ neuron: 3, count: 4 }] },
        ],
      }),
    );
    const p = readPart(dir, 'neuronMap');
    if (!p.ok) throw new Error(p.detail);
    expect(p.value.topicNeurons).toEqual([[2, 3], [3]]);
    expect(p.value.names.ownNeurons).toEqual([[2], [3]]);
  });

  it('rejects a count row whose length differs from the topic names, and own neurons out of range', () => {
    const dir = join(tmp, 'map-bad');
    put(dir, 'attribute/neuron-topic-map.json', JSON.stringify({ counts: [[1, 0], [0]], topicNames: ['a', 'b'] }));
    const p = readPart(dir, 'neuronMap');
    expect(!p.ok && p.detail).toContain('/counts/1: expected 2 counts (one per topic name)');
    put(
      dir,
      'attribute/neuron-topic-map.json',
      JSON.stringify({
        counts: [
          [1, 0],
          [0, 1],
        ],
        topicNames: ['a', 'b'],
        topics: [
          { topic: 0, ownNeurons: [0] },
          { topic: 1, ownNeurons: [2] },
        ],
      }),
    );
    const q = readPart(dir, 'neuronMap');
    expect(!q.ok && q.detail).toContain('/topics/1/ownNeurons/0: expected a neuron index in 0..1, found 2');
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
