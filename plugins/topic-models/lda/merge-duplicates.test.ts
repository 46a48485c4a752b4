import { describe, expect, it } from 'vitest';
import { mergeDuplicateTopics, topicOverlap } from './merge-duplicates.js';
import { createWarpLda } from '../warplda/plugin.js';
import { loadLdaFit, type LdaFit } from './fitted.js';

const i32 = (a: number[]): Int32Array => Int32Array.from(a);

describe('topicOverlap', () => {
  it('is the Bhattacharyya coefficient of the β-smoothed topic-word distributions', () => {
    // φ0 = (10.01, 10.01, .01, .01) / 20.04, φ1 = (9.01, 11.01, .01, .01) / 20.04, φ2 = mirror of φ0
    const bc = topicOverlap(i32([10, 10, 0, 0, 9, 11, 0, 0, 0, 0, 10, 10]), 3, 4, 0.01);
    const n = 20.04;
    const bc01 = (Math.sqrt(10.01 * 9.01) + Math.sqrt(10.01 * 11.01) + 2 * 0.01) / n;
    const bc02 = (4 * Math.sqrt(10.01 * 0.01)) / n;
    expect(bc[0 * 3 + 1]).toBeCloseTo(bc01, 12);
    expect(bc[1 * 3 + 0]).toBeCloseTo(bc01, 12);
    expect(bc[0 * 3 + 2]).toBeCloseTo(bc02, 12);
    expect(bc02).toBeCloseTo(0.0632, 3);
    expect(bc[4]).toBe(1);
  });
});

describe('mergeDuplicateTopics', () => {
  it('adds the counts of overlapping topics and keeps distinct ones, ordered by first member', () => {
    const tw = i32([0, 0, 10, 10, 10, 10, 0, 0, 9, 11, 0, 0]); // topic 0 distinct, 1 ≈ 2
    const dt = i32([1, 2, 3, 4, 5, 6]); // 2 documents × 3 topics
    const m = mergeDuplicateTopics(tw, dt, 3, 4, 0.01, 0.8);
    expect(m.numTopics).toBe(2);
    expect(m.groups).toEqual([[0], [1, 2]]);
    expect(Array.from(m.topicWordCounts)).toEqual([0, 0, 10, 10, 19, 21, 0, 0]);
    expect(Array.from(m.docTopicCounts)).toEqual([1, 5, 4, 11]);
  });

  it('joins chains of duplicates (single linkage) and merges nothing under a threshold of 1', () => {
    // a and c do not overlap, each overlaps b by √½: one group at 0.7; at 1 nothing merges.
    const tw = i32([100, 0, 0, 50, 50, 0, 0, 100, 0]);
    const bc = topicOverlap(tw, 3, 3, 1e-9);
    expect(bc[0 * 3 + 1]).toBeCloseTo(Math.sqrt(0.5), 4);
    expect(bc[0 * 3 + 2]).toBeLessThan(1e-4);
    const m = mergeDuplicateTopics(tw, i32([1, 1, 1]), 3, 3, 1e-9, 0.7);
    expect(m.groups).toEqual([[0, 1, 2]]);
    expect(Array.from(m.docTopicCounts)).toEqual([3]);
    const none = mergeDuplicateTopics(tw, i32([1, 1, 1]), 3, 3, 1e-9, 1);
    expect(none.groups).toEqual([[0], [1], [2]]);
  });

  it('in a fitted model: every token kept, the groups recorded and restored from model.json', async () => {
    // Two concepts over disjoint words, fitted with 4 topics: the copies of a concept share words.
    const docs: string[][] = [];
    for (let d = 0; d < 40; d++) {
      const words = d % 2 === 0 ? ['red', 'crimson', 'scarlet'] : ['dog', 'puppy', 'pup'];
      docs.push(Array.from({ length: 30 }, (_, i) => words[(i * 7 + d) % 3]!));
    }
    const corpus = { ids: docs.map((_, d) => `v${d}`), docs };
    const plain = (await createWarpLda({ topics: 4, iterations: 30, stopwords: 'none', minCount: 1 }, 3).fit(corpus)) as LdaFit;
    const fit = (await createWarpLda({ topics: 4, iterations: 30, stopwords: 'none', minCount: 1, mergeDuplicates: 0.8 }, 3).fit(
      corpus,
    )) as LdaFit;
    expect(plain.numTopics).toBe(4);
    expect(fit.numTopics).toBe(2);
    expect(fit.topics.map((t) => t.mergedFrom!.length).reduce((a, b) => a + b, 0)).toBe(4);
    const total = (a: Int32Array) => a.reduce((s, x) => s + x, 0);
    expect(total(fit.topicWordCounts)).toBe(1200);
    expect(total(fit.docTopicCounts)).toBe(1200);
    // each merged topic is one concept: a document of the other concept has none of its tokens
    for (let d = 0; d < 40; d++) expect(Array.from(fit.topicVector(d)).reduce((a, b) => a + b, 0)).toBe(1);
    const back = loadLdaFit(JSON.parse(JSON.stringify(fit.toJSON())));
    expect(back.state.mergedFrom).toEqual(fit.state.mergedFrom);
    expect(back.topics).toEqual(fit.topics);
    expect(() => loadLdaFit({ ...(fit.toJSON() as object), mergedFrom: [[0]] })).toThrow(/\/mergedFrom/);
  });
});
