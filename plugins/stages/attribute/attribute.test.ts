import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../core/config/ajv.js';
import { writeJsonAtomic } from '../../../core/runner/atomic.js';
import { buildNeuronTopicMap, writeNeuronTopicMap } from '../../attributors/index.js';
import { interpretabilityScores, topicContrasts, type TopicScore } from '../../interpretability/index.js';
import { readBaselineSummary } from './baseline.js';
import { fig3Data } from './fig3.js';
import { formatAttributeSummary, formatNeuronList } from './format.js';
import { frameActivations } from './frame-activations.js';
import { readAttributeOutputs } from './read-attribute.js';
import { attributeStage } from './stage.js';

const summary = {
  detectorAuroc: 0.93,
  signedAuroc: 0.48,
  topicsScored: 38,
  topicsWithoutNeuron: 2,
  selectivity: 1.8,
  contrastPeakedness: 0.4,
  standsOutShare: 0.85,
  decodingOwn: 0.91,
  decodingAll: 0.95,
  consistency: 0.7,
  pairs: 100,
  groundTruthAgreement: 0.85,
  meanPeakedness: 0.2,
  meanGini: 0.3,
  topicsWithSelectivity: 40,
};

describe('formatAttributeSummary', () => {
  it('explains the headline figure and lists the others', () => {
    const line = formatAttributeSummary(summary);
    expect(line).toBe(
      "detector AUROC 0.930 (sign-aware; 0.5 = chance, 1 = the topic's neuron alone separates the scored videos with/without the topic) · selectivity d′ 1.80 · contrast peak at own neuron 85 % · decoding own/all 0.910/0.950 · ground-truth agreement 0.850",
    );
    expect(formatAttributeSummary({ ...summary, groundTruthAgreement: null })).not.toContain('ground-truth');
  });
  it("shows a baseline run's figures beside, n/a where it has none", () => {
    const line = formatAttributeSummary(summary, {
      name: 'quick-b',
      summary: { detectorAuroc: 0.612, decodingOwn: 0.55, decodingAll: 0.9 },
    });
    expect(line).toContain('detector AUROC 0.930 [quick-b 0.612] (sign-aware;');
    expect(line).toContain('decoding own/all 0.910/0.950 [quick-b 0.550/0.900]');
    expect(line).toContain('ground-truth agreement 0.850 [quick-b n/a]');
  });
});

describe('formatNeuronList', () => {
  it('names each neuron once and says when the list is cut', () => {
    // 40 topics; topic i chose neuron i in the first video; topics 0 and 1 also chose neuron 0 in two more.
    const k = 40;
    const rows = Int32Array.from({ length: 3 * k }, (_, p) => (p < k ? p % k : p % k === 0 || p % k === 1 ? 0 : -1));
    const map = buildNeuronTopicMap(
      { method: 'x', chosen: rows, notes: [] },
      64,
      Array.from({ length: k }, (_, i) => `t${i}`),
    );
    // Topic 1: neuron 0 ×2, neuron 1 ×1 — its modal neuron is topic 0's, so it is named by neuron 1.
    expect(map.topics[1]!.neurons[0]!.neuron).toBe(0);
    const perTopic = map.topics.map((t) => ({ topic: t.topic, direction: -1, detectorAuroc: 0.97 }) as unknown as TopicScore);
    const lines = formatNeuronList(map, perTopic, 12);
    expect(lines[0]).toContain('12 of 40 topics shown');
    const named = lines
      .slice(1)
      .map((l) => /neuron +(\d+) = (\S+)/.exec(l))
      .filter(Boolean)
      .map((m) => [Number(m![1]), m![2]]);
    expect(named).toHaveLength(12);
    expect(named.slice(0, 2)).toEqual([
      [0, 't0'],
      [1, 't1'],
    ]);
    expect(new Set(named.map(([j]) => j)).size).toBe(12);
    expect(lines[1]).toContain('(falls; detector 0.97)');
    expect(formatNeuronList(map, perTopic, 100)[0]).toContain('(40 topics;');
  });
  it('lists topics left without a neuron of their own', () => {
    const map = buildNeuronTopicMap({ method: 'x', chosen: Int32Array.from([5, 5, 5, -1]), notes: [] }, 6, ['A', 'B']);
    const lines = formatNeuronList(map, [], 12);
    expect(lines.filter((l) => l.includes('= '))).toEqual(['  neuron    5 = A']);
    expect(lines.at(-1)).toContain('no neuron of its own (every neuron chosen for it is named after another topic): B');
  });
});

/** The attribute outputs of a small constructed run, written the way the stage writes them. */
function writeOutputs(dir: string): void {
  const n = 8;
  const features = Float32Array.from([1, 0, 0, 1, 1, 1, 0, 0, /* test */ 2, 0, 0, 2, 0.5, 0.5, 1, 0.2]);
  const topicVectors = Uint8Array.from([1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1]);
  const chosen = Int32Array.from([0, -1, -1, 1, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1]);
  const mapMask = Uint8Array.from({ length: n }, (_, v) => (v < 4 ? 1 : 0));
  const evalMask = Uint8Array.from(mapMask, (x) => 1 - x);
  const names = ['a', 'b'];
  const scores = interpretabilityScores({
    features,
    topicVectors,
    numVideos: n,
    numNeurons: 2,
    numTopics: 2,
    topicNames: names,
    chosen,
    mapMask,
    evalMask,
  });
  writeNeuronTopicMap(dir, buildNeuronTopicMap({ method: 'pdm', chosen: chosen.slice(0, 8), notes: [] }, 2, names));
  writeJsonAtomic(join(dir, 'interpretability.json'), { method: 'pdm', notes: [], ...scores });
  const contrasts = topicContrasts(features, topicVectors, n, 2, 2, evalMask);
  writeJsonAtomic(join(dir, 'fig3.json'), fig3Data(contrasts, scores.perTopic));
  const means = contrasts.map((c) => c.withMean);
  writeJsonAtomic(join(dir, 'mean-activations.json'), { a: Array.from(means[0]!), b: Array.from(means[1]!) });
  const frames = new Map([['v4', Float32Array.from([2, 0, 1, 1, 0, 2])]]);
  writeJsonAtomic(
    join(dir, 'frame-activations.json'),
    frameActivations(['v4'], frames, 2, scores.perTopic, () => [1, 0]),
  );
}

describe('readAttributeOutputs', () => {
  it('reads back what the stage writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'attr-'));
    writeOutputs(dir);
    const out = readAttributeOutputs(dir);
    expect(out.interpretability.summary.topicsScored).toBe(2);
    expect(out.neuronTopicMap.topics.map((t) => t.ownNeurons)).toEqual([[0], [1]]);
    expect(out.fig3.split).toBe('test');
    expect(out.fig3.topics.map((t) => [t.name, t.neurons, t.direction, t.positives, t.negatives])).toEqual([
      ['a', [0], 1, 2, 2],
      ['b', [1], 1, 2, 2],
    ]);
    // Test videos with a: [2, 0], [1, 0.2]; without: [0, 2], [0.5, 0.5].
    expect(out.fig3.topics[0]!.withMean.map((x) => x.toFixed(6))).toEqual(['1.500000', '0.100000']);
    expect(out.fig3.topics[0]!.withoutMean).toEqual([0.25, 1.25]);
    expect(out.frameActivations.v4).toEqual({
      a: { neuron: 0, direction: 1, relevant: true, values: [2, 1, 0] },
      b: { neuron: 1, direction: 1, relevant: false, values: [0, 1, 2] },
    });
  });
  it('names the file, the JSON path and the fix when a file is wrong or missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'attr-'));
    writeOutputs(dir);
    writeFileSync(
      join(dir, 'interpretability.json'),
      JSON.stringify({ method: 'pdm', notes: [], perTopic: [], summary: { ...summary, detectorAuroc: 'high' } }),
    );
    expect(() => readAttributeOutputs(dir)).toThrow(
      /interpretability\.json does not have the attribute stage's current format:\n {2}\/summary\/detectorAuroc: expected number,null, found "high"[\s\S]*run the attribute stage/,
    );
    writeOutputs(dir);
    rmSync(join(dir, 'fig3.json'));
    expect(() => readAttributeOutputs(dir)).toThrow(/fig3\.json is missing: run the attribute stage/);
  });
});

describe('baseline option', () => {
  it('accepts a run name, not a path', () => {
    const validate = compile(attributeStage.optionsSchema!);
    expect(validate({ sampleVideos: 6, baseline: 'quick-b' })).toBe(true); // the schema checks resolved options (defaults merged)
    for (const bad of ['../quick-b', 'a/b', '..', '.', '']) expect(validate({ sampleVideos: 6, baseline: bad })).toBe(false);
  });
  it("reads the other run's summary; absent → nothing, old format → a warning and nothing", () => {
    const runs = mkdtempSync(join(tmpdir(), 'runs-'));
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(readBaselineSummary(join(runs, 'quick'), 'quick-b', 'test', warn)).toBeUndefined();
    mkdirSync(join(runs, 'quick-b', 'attribute'), { recursive: true });
    writeOutputs(join(runs, 'quick-b', 'attribute'));
    expect(readBaselineSummary(join(runs, 'quick'), 'quick-b', 'test', warn)?.summary.topicsScored).toBe(2);
    writeFileSync(
      join(runs, 'quick-b', 'attribute', 'interpretability.json'),
      JSON.stringify({ method: 'pdm', perTopic: [], summary: { meanAuroc: 0.5 } }),
    );
    expect(readBaselineSummary(join(runs, 'quick'), 'quick-b', 'test', warn)).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('baseline "quick-b" not shown');
    expect(readBaselineSummary(join(runs, 'quick'), 'quick', 'test', warn)).toBeUndefined();
  });
  it('shows a baseline only when it is scored on the same split (files without split are test)', () => {
    const runs = mkdtempSync(join(tmpdir(), 'runs-'));
    const warnings: string[] = [];
    mkdirSync(join(runs, 'quick-b', 'attribute'), { recursive: true });
    writeOutputs(join(runs, 'quick-b', 'attribute'));
    expect(readBaselineSummary(join(runs, 'quick'), 'quick-b', 'val', (m) => warnings.push(m))).toBeUndefined();
    expect(warnings).toEqual([
      '[attribute] baseline "quick-b" not shown: it is scored on its test videos and this run on its val videos; run it with scoreOn: "val"',
    ]);
    const file = join(runs, 'quick-b', 'attribute', 'interpretability.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), split: 'val' }));
    expect(readBaselineSummary(join(runs, 'quick'), 'quick-b', 'val', (m) => warnings.push(m))?.summary.topicsScored).toBe(2);
    expect(readBaselineSummary(join(runs, 'quick'), 'quick-b', 'test', (m) => warnings.push(m))).toBeUndefined();
    expect(warnings).toHaveLength(2);
  });
});
