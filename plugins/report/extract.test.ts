import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  captionRows,
  fig3Rows,
  frameActivationRows,
  interpretabilityRows,
  labeler,
  lossRows,
  meanActivationRows,
  neuronMapRows,
  pickScore,
  scoreRows,
  topicLabel,
  topicIndex,
  topicRows,
  validationRows,
} from './extract.js';
import { EVIL_CAPTION, FIXTURE_LABELS, FIXTURE_TOPICS, writeFixtureRun } from '../../test/support/report/fixture-run.js';
import { readRun } from './read-run.js';

const tmp = mkdtempSync(join(tmpdir(), 'topiclens-report-extract-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const lstmI = readRun(writeFixtureRun(join(tmp, 'i')));
const lstmB = readRun(writeFixtureRun(join(tmp, 'b'), { variant: 'LSTM-B' }));
/** Runs made before fig3.json and one-name labels. */
const oldI = readRun(writeFixtureRun(join(tmp, 'old-i'), { format: 'legacy' }));
const oldB = readRun(writeFixtureRun(join(tmp, 'old-b'), { variant: 'LSTM-B', format: 'legacy' }));

describe('topic labels', () => {
  it('shortens Table-1 names to the part before ": " unless two topics would share a label', () => {
    expect(topicLabel('dance: dancing, dance, stage')).toBe('dance');
    expect(topicLabel('plain')).toBe('plain');
    const l = labeler(['dog: dog, puppy', 'dog: dog, leash', 'cat: cat, kitten']);
    expect(['dog: dog, puppy', 'dog: dog, leash', 'cat: cat, kitten'].map(l)).toEqual(['dog: dog, puppy', 'dog: dog, leash', 'cat']);
  });
});

describe('Table 1 and Table 2 rows', () => {
  it('lists each topic with its top words, videos and the neurons it names (each neuron once)', () => {
    const rows = topicRows(lstmI, 3);
    expect(rows).toHaveLength(6);
    // Fixture: video i has topics {i mod 6, (2i+1) mod 6} over 17 videos; the map names neurons 1 and 8 by topic 0.
    expect(rows[0]).toEqual({ topic: 0, name: FIXTURE_TOPICS[0], topWords: 'dog puppy running', videos: 3, neurons: '1, 8' });
    expect(rows.map((r) => r.videos)).toEqual([3, 9, 3, 9, 3, 5]);
    // PDM chose neuron 1 for onion too (12×), but it is listed under dog only.
    expect(rows[5]!.neurons).toBe('16, 23');
    const all = rows.flatMap((r) => r.neurons.split(', '));
    expect(new Set(all).size).toBe(all.length);
  });

  it('names the neurons of an older map by their most-chosen topic, so each is still listed once', () => {
    const rows = topicRows(oldI);
    expect(rows[0]!.neurons).toBe('8');
    expect(rows[5]!.neurons).toBe('1, 16, 23');
  });

  it("puts the paper's Table 2 next to each run's corpus BLEU-4 and METEOR", () => {
    const rows = scoreRows([lstmI, lstmB]);
    const get = (model: string, metric: string) => rows.find((r) => r.model === model && r.metric === metric)?.value;
    expect(get('LSTM-B', 'BLEU-4')).toBe(0.416);
    expect(get('LSTM-B', 'METEOR')).toBe(0.295);
    expect(get('LSTM-I', 'BLEU-4')).toBe(0.446);
    expect(get('LSTM-I', 'METEOR')).toBe(0.297);
    expect(get('LSTM-I refined (20 videos)', 'BLEU-4')).toBe(0.449);
    expect(get('LSTM-I refined (20 videos)', 'METEOR')).toBe(0.298);
    expect(get('LSTM-I (fixture-lstm-i)', 'BLEU-4')).toBe(0.287);
    expect(get('LSTM-B (fixture-lstm-b)', 'METEOR')).toBe(0.226);
    // The evaluate stage's nearest-neighbour baseline of the first run, once.
    expect(get('nearest-neighbour baseline', 'BLEU-4')).toBe(0.104);
    expect(get('nearest-neighbour baseline', 'METEOR')).toBe(0.152);
    expect(rows).toHaveLength(12);
  });

  it('finds scores under coco-caption names and common spellings', () => {
    expect(pickScore({ 'BLEU-4': 0.3 }, ['Bleu_4', 'BLEU-4'])).toBe(0.3);
    expect(pickScore({ Bleu_4: 0.2, 'BLEU-4': 0.3 }, ['Bleu_4', 'BLEU-4'])).toBe(0.2);
    expect(pickScore({ CIDEr: 1 }, ['Bleu_4'])).toBeUndefined();
  });
});

describe('Fig. 3 rows', () => {
  it('draws the contrast with − without per neuron from fig3.json, own neurons marked, topics in both runs', () => {
    const { rows, peaks, topics } = fig3Rows([lstmI, lstmB], 2);
    // Every topic has own neurons; most test videos with the topic first (positives 2 + k mod 3): guitar, onion (4), then by name.
    expect(topics).toEqual([FIXTURE_LABELS[5], 'guitar']);
    expect(rows).toHaveLength(2 * 2 * 24);
    const fig = lstmI.fig3.ok ? lstmI.fig3.value.topics[2]! : undefined;
    const guitar = rows.filter((r) => r.run.startsWith('LSTM-I') && r.topic === 'guitar');
    expect(guitar.map((r) => r.contrast)).toEqual(fig!.withMean.map((w, j) => w - fig!.withoutMean[j]!));
    expect(guitar.filter((r) => r.role === 'own neuron').map((r) => r.neuron)).toEqual([7, 14]);
    // LSTM-I peaks at the own neuron (downwards for guitar, which falls); LSTM-B does not.
    const peak = (run: string, topic: string) => peaks.find((p) => p.run.startsWith(run) && p.topic === topic)!;
    expect(peak('LSTM-I', 'guitar')).toMatchObject({ ownRank: 1, direction: -1, ownNeurons: [7, 14] });
    expect(peak('LSTM-I', 'guitar').ownContrast).toBeLessThan(-0.5);
    expect(peak('LSTM-B', 'guitar').ownRank).toBeGreaterThan(1);
    expect(Math.abs(peak('LSTM-B', 'guitar').ownContrast!)).toBeLessThan(peak('LSTM-B', 'guitar').otherPeak);
    // Grouped by topic: LSTM-I and LSTM-B next to each other.
    expect(peaks.map((p) => [p.topicLabel, p.run.slice(0, 6)])).toEqual([
      [FIXTURE_LABELS[5], 'LSTM-I'],
      [FIXTURE_LABELS[5], 'LSTM-B'],
      ['guitar', 'LSTM-I'],
      ['guitar', 'LSTM-B'],
    ]);
  });

  it('leaves runs with fig3.json out of the raw-mean rows, and runs without it out of the contrast rows', () => {
    expect(meanActivationRows([lstmI, lstmB]).rows).toEqual([]);
    expect(fig3Rows([oldI]).rows).toEqual([]);
    const mixed = meanActivationRows([lstmI, oldB]);
    expect(new Set(mixed.rows.map((r) => r.run))).toEqual(new Set(['LSTM-B (fixture-lstm-b)']));
  });

  it("takes topics with a mapped neuron and most videos first, marks each old run's own topic neurons", () => {
    const { rows, topics } = meanActivationRows([oldI, oldB], 3);
    // All topics are mapped; videos per topic [3, 9, 3, 9, 3, 5] → car and cooking (9, by name), then onion (5).
    // The attribute stage names topics by label; the topics stage by Table-1 name: matched by label.
    expect(topics).toEqual([FIXTURE_LABELS[3], FIXTURE_LABELS[1], FIXTURE_LABELS[5]]);
    expect(rows).toHaveLength(2 * 3 * 24);
    const marked = rows.filter((r) => r.role === 'topic neuron').map((r) => [r.run, r.topicLabel, r.neuron]);
    // Named by most-chosen topic. LSTM-I: topic k → neurons 3k+1, 3k+8 (onion also takes neuron 1); LSTM-B: 5k+2, 5k+9 (mod 24).
    expect(marked).toEqual([
      ['LSTM-I (fixture-lstm-i)', 'car', 10],
      ['LSTM-I (fixture-lstm-i)', 'car', 17],
      ['LSTM-I (fixture-lstm-i)', 'cooking', 4],
      ['LSTM-I (fixture-lstm-i)', 'cooking', 11],
      ['LSTM-I (fixture-lstm-i)', FIXTURE_LABELS[5], 1],
      ['LSTM-I (fixture-lstm-i)', FIXTURE_LABELS[5], 16],
      ['LSTM-I (fixture-lstm-i)', FIXTURE_LABELS[5], 23],
      ['LSTM-B (fixture-lstm-b)', 'car', 0],
      ['LSTM-B (fixture-lstm-b)', 'car', 17],
      ['LSTM-B (fixture-lstm-b)', 'cooking', 7],
      ['LSTM-B (fixture-lstm-b)', 'cooking', 14],
      ['LSTM-B (fixture-lstm-b)', FIXTURE_LABELS[5], 3],
      ['LSTM-B (fixture-lstm-b)', FIXTURE_LABELS[5], 10],
    ]);
    // The values are the file's, unchanged.
    const file = oldI.meanActivations.ok ? oldI.meanActivations.value[FIXTURE_LABELS[3]!]! : [];
    expect(rows.filter((r) => r.run.startsWith('LSTM-I') && r.topicLabel === 'car').map((r) => r.activation)).toEqual(file);
  });

  it('chooses the same topics when attribute files use the full Table-1 names', () => {
    const full = readRun(writeFixtureRun(join(tmp, 'full-names'), { attributeNames: 'names', format: 'legacy' }));
    const { rows, topics } = meanActivationRows([full], 3);
    expect(topics).toEqual([FIXTURE_TOPICS[3], FIXTURE_TOPICS[1], FIXTURE_TOPICS[5]]);
    expect(rows.filter((r) => r.role === 'topic neuron').map((r) => [r.topicLabel, r.neuron])).toEqual([
      ['car', 10],
      ['car', 17],
      ['cooking', 4],
      ['cooking', 11],
      [FIXTURE_LABELS[5], 1],
      [FIXTURE_LABELS[5], 16],
      [FIXTURE_LABELS[5], 23],
    ]);
    expect(topicRows(full)[0]!.neurons).toBe('8');
    const current = readRun(writeFixtureRun(join(tmp, 'full-names-current'), { attributeNames: 'names' }));
    expect(fig3Rows([current], 1).topics).toEqual([FIXTURE_TOPICS[5]]);
  });

  it('matches topic names to labels only when the label is unambiguous', () => {
    expect(topicIndex(['dog: dog, puppy', 'cat: cat'], 'cat')).toBe(1);
    expect(topicIndex(['dog', 'cat'], 'cat: cat, kitten')).toBe(1);
    expect(topicIndex(['dog: a', 'dog: b'], 'dog')).toBe(-1);
    expect(topicIndex(['dog: a', 'dog: b'], 'dog: b')).toBe(1);
  });

  it('is empty when no run has mean activations', () => {
    const none = readRun(writeFixtureRun(join(tmp, 'none'), { omit: ['meanActivations', 'fig3'] }));
    expect(meanActivationRows([none])).toEqual({ rows: [], topics: [] });
    expect(fig3Rows([none])).toEqual({ rows: [], peaks: [], topics: [] });
  });
});

describe('Fig. 4, map, training and captions rows', () => {
  it('gives one row per frame of each topic neuron of each sample video', () => {
    const rows = frameActivationRows([lstmI], 2);
    expect(rows).toHaveLength(2 * 2 * 10); // 2 videos × 2 topics × 10 frames
    // The file lists a topic the video lacks first; the video's own topic comes first in the rows.
    expect(rows[0]).toMatchObject({ video: 'vid1201', topicLabel: 'dog', neuron: 1, frame: 0, series: 'dog (neuron 1)', inVideo: 'yes' });
    expect(rows[10]).toMatchObject({ video: 'vid1201', topicLabel: 'guitar', neuron: 7, frame: 0, inVideo: 'no' });
    expect(frameActivationRows([lstmI], 2, 1).map((r) => r.inVideo)).toEqual(new Array(20).fill('yes'));
    expect(new Set(rows.map((r) => r.video))).toEqual(new Set(['vid1201', 'vid1202']));
  });

  it('lists map cells by topic then neuron, with the topic that names the neuron', () => {
    const rows = neuronMapRows([lstmI]);
    expect(rows.slice(0, 3).map((r) => [r.topicLabel, r.neuron, r.count, r.named])).toEqual([
      ['dog', 1, 9, 'dog'],
      ['dog', 8, 2, 'dog'],
      ['cooking', 4, 9, 'cooking'],
    ]);
    expect(rows.find((r) => r.topicLabel === FIXTURE_LABELS[5] && r.neuron === 1)).toMatchObject({ count: 12, named: 'dog' });
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(6 * 11 + 12);
  });

  it('turns history into loss and validation series per epoch', () => {
    const losses = lossRows([lstmI]);
    expect(losses).toHaveLength(12);
    const task = losses.filter((r) => r.series.startsWith('task')).map((r) => r.value);
    expect(task[0]).toBeGreaterThan(task[5]!);
    const val = validationRows([lstmI]);
    expect(new Set(val.map((r) => r.metric))).toEqual(new Set(['Bleu_4', 'METEOR']));
    expect(val.filter((r) => r.epoch === 3)).toHaveLength(2);
    // METEOR selects the model (train.validation.metric): its panel comes first and says so.
    expect([...new Set(val.map((r) => r.panel))]).toEqual(['METEOR (selection metric)', 'Bleu_4']);
  });

  it('pairs generated captions with references and per-video scores, by video id', () => {
    const rows = captionRows([lstmI]);
    expect(rows.map((r) => r.video)).toEqual(['vid1201', 'vid1202', 'vid1203', 'vid1204', 'vid1205']);
    expect(rows[4]!.hypothesis).toBe(EVIL_CAPTION);
    expect(rows[0]!.references).toHaveLength(12);
    expect(rows[1]!.references).toHaveLength(3);
    const items = lstmI.scores.ok ? lstmI.scores.value.items : {};
    expect(rows[1]!.bleu4).toBe(items.vid1202!.Bleu_4);
    expect(rows[1]!.meteor).toBe(items.vid1202!.METEOR);
  });

  it('lists per-topic interpretability scores by measure, sign-aware first, leaving out nulls', () => {
    const rows = interpretabilityRows([lstmI, lstmB]);
    const measures = [...new Set(rows.map((r) => r.measure))];
    expect(measures).toEqual([
      'detectorAuroc',
      'selectivity',
      'contrastPeakedness',
      'decodingOwn',
      'decodingAll',
      'consistency',
      'signedAuroc',
    ]);
    expect(rows).toHaveLength(2 * 6 * measures.length);
    expect(rows.find((r) => r.run.startsWith('LSTM-I') && r.measure === 'consistency' && r.topicLabel === 'car')).toMatchObject({
      neuron: 10,
      value: 0.8182,
    });
  });

  it("reads an older file's AUROC as the sign-blind signed AUROC, leaving out nulls", () => {
    const rows = interpretabilityRows([oldI]);
    // AUROC for 5 topics (topic 4 has null), consistency / peakedness / Gini for 6.
    expect(rows).toHaveLength(5 + 6 + 6 + 6);
    expect(rows.filter((r) => r.measure === 'signedAuroc').some((r) => r.topicLabel === 'swimming')).toBe(false);
    expect(rows.some((r) => r.measure === 'detectorAuroc')).toBe(false);
  });
});
