import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTopicsOutput } from './read-topics.js';

const tmp = mkdtempSync(join(tmpdir(), 'topiclens-read-topics-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const folder = (name: string, files: Record<string, unknown>): string => {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, value] of Object.entries(files))
    writeFileSync(join(dir, file), typeof value === 'string' ? value : JSON.stringify(value));
  return dir;
};
const vectors = { numTopics: 2, names: ['dance: dancing, stage', 'cat: cat, kitten'], vectors: { v1: [0, 1], v2: [] } };
const topics = {
  topics: [
    {
      name: 'dance: dancing, stage',
      words: [
        ['dancing', 0.4],
        ['stage', 0.1],
      ],
    },
    { name: 'cat: cat, kitten', words: [['cat', 0.5]] },
  ],
  loglik: [],
};

describe('the topics stage reader', () => {
  it('returns the typed output: names, labels, ranked words and topic indices by video', () => {
    const out = readTopicsOutput(folder('good', { 'topic-vectors.json': vectors, 'topics.json': topics }));
    expect(out.numTopics).toBe(2);
    expect(out.labels).toEqual(['dance', 'cat']);
    expect(out.topics[0]).toEqual({
      id: 0,
      name: 'dance: dancing, stage',
      words: [
        ['dancing', 0.4],
        ['stage', 0.1],
      ],
    });
    expect([...out.vectors]).toEqual([
      ['v1', [0, 1]],
      ['v2', []],
    ]);
  });

  it('names the file, the JSON path and the stage to run for a missing, broken or wrong file', () => {
    const missing = folder('missing', {});
    expect(() => readTopicsOutput(missing)).toThrowError(
      `${join(missing, 'topic-vectors.json')} is missing; run the topics stage first (topiclens run <config>).`,
    );
    const broken = folder('broken', { 'topic-vectors.json': '{' });
    expect(() => readTopicsOutput(broken)).toThrowError(/topic-vectors\.json is not valid JSON .*; rerun the topics stage\./);
    const range = folder('range', { 'topic-vectors.json': { ...vectors, vectors: { v1: [2] } }, 'topics.json': topics });
    expect(() => readTopicsOutput(range)).toThrowError(
      `${join(range, 'topic-vectors.json')}: /vectors/v1/0: expected a topic index in 0..1, found 2; rerun the topics stage.`,
    );
    const count = folder('count', { 'topic-vectors.json': vectors, 'topics.json': { topics: topics.topics.slice(1) } });
    expect(() => readTopicsOutput(count)).toThrowError(
      `${join(count, 'topics.json')}: /topics: expected 2 topics, found an array; rerun the topics stage.`,
    );
    const word = folder('word', {
      'topic-vectors.json': vectors,
      'topics.json': { topics: [topics.topics[0], { name: 'cat', words: [['cat', null]] }] },
    });
    expect(() => readTopicsOutput(word)).toThrowError(
      `${join(word, 'topics.json')}: /topics/1/words/0/1: expected a finite number, found null; rerun the topics stage.`,
    );
  });
});
