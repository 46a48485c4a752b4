import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  captionRows,
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
import { EVIL_CAPTION, FIXTURE_LABELS, FIXTURE_TOPICS, writeFixtureRun } from './fixture-run.js';
import { readRun } from './read-run.js';

const tmp = mkdtempSync(join(tmpdir(), 'topiclens-report-extract-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const lstmI = readRun(writeFixtureRun(join(tmp, 'i')));
const lstmB = readRun(writeFixtureRun(join(tmp, 'b'), { variant: 'LSTM-B' }));

describe('topic labels', () => {
  it('shortens Table-1 names to the part before ": " unless two topics would share a label', () => {
    expect(topicLabel('dance: dancing, dance, stage')).toBe('dance');
    expect(topicLabel('plain')).toBe('plain');
    const l = labeler(['dog: dog, puppy', 'dog: dog, leash', 'cat: cat, kitten']);
    expect(['dog: dog, puppy', 'dog: dog, leash', 'cat: cat, kitten'].map(l)).toEqual(['dog: dog, puppy', 'dog: dog, leash', 'cat']);
  });
});

describe('Table 1 and Table 2 rows', () => {
  it('lists each topic with its top words, videos and neurons', () => {
    const rows = topicRows(lstmI, 3);
    expect(rows).toHaveLength(6);
    // Fixture: video i has topics {i mod 6, (2i+1) mod 6} over 17 videos; topic 0 → neuron 1 (9×) then 8 (2×).
    expect(rows[0]).toEqual({ topic: 0, name: FIXTURE_TOPICS[0], topWords: 'dog puppy running', videos: 3, neurons: '1, 8' });
    expect(rows.map((r) => r.videos)).toEqual([3, 9, 3, 9, 3, 5]);
  });

  it('puts the paper\'s Table 2 next to each run\'s corpus BLEU-4 and METEOR', () => {
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
  it('takes topics with a mapped neuron and most videos first, marks each run\'s own topic neuron', () => {
    const { rows, topics } = meanActivationRows([lstmI, lstmB], 3);
    // All topics are mapped; videos per topic [3, 9, 3, 9, 3, 5] → car and cooking (9, by name), then onion (5).
    // The attribute stage names topics by label; the topics stage by Table-1 name: matched by label.
    expect(topics).toEqual([FIXTURE_LABELS[3], FIXTURE_LABELS[1], FIXTURE_LABELS[5]]);
    expect(rows).toHaveLength(2 * 3 * 24);
    const marked = rows.filter((r) => r.role === 'topic neuron').map((r) => [r.run, r.topicLabel, r.neuron]);
    // LSTM-I: topic k → neuron 3k+1; LSTM-B: 5k+2 (mod 24).
    expect(marked).toEqual([
      ['LSTM-I (fixture-lstm-i)', 'car', 10],
      ['LSTM-I (fixture-lstm-i)', 'cooking', 4],
      ['LSTM-I (fixture-lstm-i)', FIXTURE_LABELS[5], 16],
      ['LSTM-B (fixture-lstm-b)', 'car', 17],
      ['LSTM-B (fixture-lstm-b)', 'cooking', 7],
      ['LSTM-B (fixture-lstm-b)', FIXTURE_LABELS[5], 3],
    ]);
    // The values are the file's, unchanged.
    const file = lstmI.meanActivations.ok ? lstmI.meanActivations.value[FIXTURE_LABELS[3]!]! : [];
    expect(rows.filter((r) => r.run.startsWith('LSTM-I') && r.topicLabel === 'car').map((r) => r.activation)).toEqual(file);
  });

  it('chooses the same topics when attribute files use the full Table-1 names', () => {
    const full = readRun(writeFixtureRun(join(tmp, 'full-names'), { attributeNames: 'names' }));
    const { rows, topics } = meanActivationRows([full], 3);
    expect(topics).toEqual([FIXTURE_TOPICS[3], FIXTURE_TOPICS[1], FIXTURE_TOPICS[5]]);
    expect(rows.filter((r) => r.role === 'topic neuron').map((r) => [r.topicLabel, r.neuron])).toEqual([
      ['car', 10],
      ['cooking', 4],
      [FIXTURE_LABELS[5], 16],
    ]);
    expect(topicRows(full)[0]!.neurons).toBe('1, 8');
  });

  it('matches topic names to labels only when the label is unambiguous', () => {
    expect(topicIndex(['dog: dog, puppy', 'cat: cat'], 'cat')).toBe(1);
    expect(topicIndex(['dog', 'cat'], 'cat: cat, kitten')).toBe(1);
    expect(topicIndex(['dog: a', 'dog: b'], 'dog')).toBe(-1);
    expect(topicIndex(['dog: a', 'dog: b'], 'dog: b')).toBe(1);
  });

  it('is empty when no run has mean activations', () => {
    const none = readRun(writeFixtureRun(join(tmp, 'none'), { omit: ['meanActivations'] }));
    expect(meanActivationRows([none])).toEqual({ rows: [], topics: [] });
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

  it('lists map cells by topic then neuron', () => {
    const rows = neuronMapRows([lstmI]);
    expect(rows.slice(0, 3).map((r) => [r.topicLabel, r.neuron, r.count])).toEqual([
      ['dog', 1, 9],
      ['dog', 8, 2],
      ['cooking', 4, 9],
    ]);
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(6 * 11);
  });

  it('turns history into loss and validation series per epoch', () => {
    const losses = lossRows([lstmI]);
    expect(losses).toHaveLength(12);
    const task = losses.filter((r) => r.series.startsWith('task')).map((r) => r.value);
    expect(task[0]).toBeGreaterThan(task[5]!);
    const val = validationRows([lstmI]);
    expect(new Set(val.map((r) => r.metric))).toEqual(new Set(['Bleu_4', 'METEOR']));
    expect(val.filter((r) => r.epoch === 3)).toHaveLength(2);
  });

  it('pairs generated captions with references and per-video scores, by video id', () => {
    const rows = captionRows([lstmI]);
    expect(rows.map((r) => r.video)).toEqual(['vid1201', 'vid1202', 'vid1203', 'vid1204', 'vid1205']);
    expect(rows[4]!.hypothesis).toBe(EVIL_CAPTION);
    expect(rows[0]!.references).toHaveLength(3);
    const items = lstmI.scores.ok ? lstmI.scores.value.items : {};
    expect(rows[1]!.bleu4).toBe(items.vid1202!.Bleu_4);
    expect(rows[1]!.meteor).toBe(items.vid1202!.METEOR);
  });

  it('lists per-topic interpretability scores by measure, leaving out nulls', () => {
    const rows = interpretabilityRows([lstmI, lstmB]);
    // Per run: AUROC for 5 topics (topic 4 has null), consistency/peakedness/Gini for 6.
    expect(rows).toHaveLength(2 * (5 + 6 + 6 + 6));
    expect(rows.filter((r) => r.measure === 'auroc').some((r) => r.topicLabel === 'swimming')).toBe(false);
    expect(rows.find((r) => r.run.startsWith('LSTM-I') && r.measure === 'consistency' && r.topicLabel === 'car')).toMatchObject({ neuron: 10, value: 0.8182 });
  });
});
