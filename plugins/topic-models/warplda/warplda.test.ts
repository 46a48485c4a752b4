import { beforeAll, describe, expect, it } from 'vitest';
import { TopiclensError } from '../../../core/errors.js';
import type { FitProgress } from '../../../core/contracts/topic-model.js';
import { createGibbs } from '../gibbs/plugin.js';
import type { LdaFit } from '../lda/fitted.js';
import { matchedTopicDistance } from '../lda/testing/synthetic.js';
import { FIXTURE, fixtureCorpus, fixtureOptions, mean } from '../../../test/support/topic-models/lda-fixture.js';
import { createWarpLda } from './plugin.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareCorpus } from '../lda/corpus.js';
import { WarpLdaSampler } from './sampler.js';
import { buildNative, runNative, writeNativeInput } from './reference/native.js';

describe('warplda', () => {
  let warp: LdaFit;
  let gibbs: LdaFit;
  const progress: FitProgress[] = [];
  beforeAll(async () => {
    const { corpus } = fixtureCorpus();
    warp = (await createWarpLda(fixtureOptions(500)).fit(corpus, (p) => progress.push(p))) as LdaFit;
    gibbs = (await createGibbs(fixtureOptions(250)).fit(corpus)) as LdaFit;
  });

  it('recovers the topics of a known LDA model (matched total-variation distance: mean < 0.08, max < 0.13)', () => {
    const { phi } = fixtureCorpus();
    const d = matchedTopicDistance(phi, warp.topicWordProbabilities(), FIXTURE.K, FIXTURE.V, warp.vocabulary);
    expect(d.mean).toBeLessThan(0.08);
    expect(d.max).toBeLessThan(0.13);
  });

  it('reaches the log-likelihood plateau of collapsed Gibbs (mean of the last 100 iterations within 0.015 nats/token)', () => {
    const w = mean(warp.loglik.slice(-100));
    const g = mean(gibbs.loglik.slice(-100));
    expect(Math.abs(w - g)).toBeLessThan(0.015);
    // and it actually climbed there from the random start
    expect(warp.loglik[0]!).toBeLessThan(w - 0.3);
  });

  it('reports every iteration with a finite log-likelihood and throughput', () => {
    expect(progress).toHaveLength(500);
    expect(progress[499]!.iteration).toBe(500);
    expect(progress[499]!.iterations).toBe(500);
    expect(progress.every((p) => Number.isFinite(p.loglik) && p.tokensPerSecond > 0)).toBe(true);
    expect(progress.map((p) => p.loglik)).toEqual(warp.loglik);
  });

  it('keeps counts consistent: every token counted once in topic-word and doc-topic counts', () => {
    const N = fixtureCorpus().corpus.docs.reduce((a, d) => a + d.length, 0);
    expect(warp.topicWordCounts.reduce((a, b) => a + b, 0)).toBe(N);
    expect(warp.docTopicCounts.reduce((a, b) => a + b, 0)).toBe(N);
    const K = FIXTURE.K;
    fixtureCorpus().corpus.docs.forEach((doc, d) => {
      let s = 0;
      for (let k = 0; k < K; k++) s += warp.docTopicCounts[d * K + k]!;
      expect(s).toBe(doc.length);
    });
  });

  it('gives the same output for the same seed and a different one for another seed', async () => {
    const { corpus } = fixtureCorpus();
    const a = (await createWarpLda(fixtureOptions(15, 7)).fit(corpus)) as LdaFit;
    const b = (await createWarpLda(fixtureOptions(15, 7)).fit(corpus)) as LdaFit;
    const c = (await createWarpLda(fixtureOptions(15, 8)).fit(corpus)) as LdaFit;
    expect(b.loglik).toEqual(a.loglik);
    expect(Array.from(b.docTopicCounts)).toEqual(Array.from(a.docTopicCounts));
    expect(Array.from(b.topicWordCounts)).toEqual(Array.from(a.topicWordCounts));
    expect(c.loglik).not.toEqual(a.loglik);
  });

  it('infers the topic of an unseen document with topics held fixed', () => {
    const K = FIXTURE.K;
    for (let k = 0; k < K; k++) {
      const top = warp.topics[k]!.words.slice(0, 3).map(([w]) => w);
      const doc = [...top, ...top, ...top, 'never-seen-word'];
      const counts = warp.infer(doc);
      expect(counts.reduce((a, b) => a + b, 0)).toBeCloseTo(9, 9);
      let best = 0;
      for (let q = 1; q < K; q++) if (counts[q]! > counts[best]!) best = q;
      expect(best).toBe(k);
      expect(Array.from(warp.infer(doc))).toEqual(Array.from(counts));
      expect(warp.inferTopicVector(doc)[k]).toBe(1);
    }
    expect(Array.from(warp.infer(['unknown', 'words']))).toEqual(new Array(K).fill(0));
    expect(Array.from(warp.inferTopicVector([]))).toEqual(new Array(K).fill(0));
  });

  it('marks topic vectors of training documents under the occurrence rule', () => {
    const K = FIXTURE.K;
    for (let d = 0; d < 20; d++) {
      const counts = warp.docTopicCounts.subarray(d * K, (d + 1) * K);
      const L = counts.reduce((a, b) => a + b, 0);
      const s = warp.topicVector(d);
      for (let k = 0; k < K; k++) expect(s[k]).toBe(counts[k]! >= 2 && counts[k]! >= 0.05 * L ? 1 : 0);
    }
    expect(() => warp.topicVector(10_000)).toThrow(/out of range/);
  });

  it('round-trips through toJSON / load', () => {
    const json = JSON.parse(JSON.stringify(warp.toJSON()));
    const back = createWarpLda({}).load(json);
    expect(back.topics).toEqual(warp.topics);
    expect(back.loglik).toEqual(warp.loglik);
    expect(back.docIds).toEqual(warp.docIds);
    expect(Array.from(back.topicVector(3))).toEqual(Array.from(warp.topicVector(3)));
    const doc = fixtureCorpus().corpus.docs[5]!;
    expect(Array.from(back.infer(doc))).toEqual(Array.from(warp.infer(doc)));
  });

  it('rejects malformed model JSON naming the JSON path', () => {
    const json = JSON.parse(JSON.stringify(warp.toJSON()));
    json.topicWords[2] = [0, 1, 999_999, 3];
    expect(() => createWarpLda({}).load(json)).toThrow(/\/topicWords\/2\/2: expected an index/);
    expect(() => createWarpLda({}).load({ format: 'x' })).toThrow(TopiclensError);
    expect(() => createWarpLda({}).load(null)).toThrow(/expected an object/);
  });
});

describe('warplda C port (reference/warplda-ref.c)', () => {
  it.skipIf(!hasGcc())('draws the same sample as the TypeScript sampler, token for token (M = 1 and 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warplda-ref-'));
    const built = buildNative(dir);
    if ('error' in built) throw new Error(built.error);
    const c = prepareCorpus(fixtureCorpus().corpus, { numTopics: FIXTURE.K, minCount: 1, stopwords: new Set() });
    for (const mhSteps of [1, 2]) {
      const p = { K: FIXTURE.K, alpha: 0.5, beta: 0.01, mhSteps, iterations: 7, seed: 3 };
      const native = runNative(built.exe, writeNativeInput(dir, c, p), p.seed);
      const ts = new WarpLdaSampler(c, p);
      for (let it = 0; it < p.iterations; it++) ts.iterate();
      const z = Uint16Array.from({ length: c.numTokens }, (_, j) => ts.zD[j * ts.stride]!);
      expect(native.z.length).toBe(c.numTokens);
      expect(Buffer.from(native.z.buffer).equals(Buffer.from(z.buffer))).toBe(true);
    }
  });
});

function hasGcc(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
