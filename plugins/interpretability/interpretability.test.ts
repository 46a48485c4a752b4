import { describe, expect, it } from 'vitest';
import { auroc, gini, interpretabilityScores, meanStd, pdmConsistency, peakedness, topicContrasts } from './index.js';

describe('auroc', () => {
  it('counts ties half (Mann-Whitney), hand-computed', () => {
    // positives 0.8, 0.4; negatives 0.4, 0.1, 0.2 → pairs: (0.8>all)=3, (0.4 vs 0.4 tie)=0.5, (0.4>0.1,0.2)=2 → 5.5/6
    expect(auroc([0.8, 0.4, 0.4, 0.1, 0.2], [1, 1, 0, 0, 0])).toBeCloseTo(5.5 / 6, 12);
    expect(auroc([1, 2, 3], [0, 0, 1])).toBe(1);
    expect(auroc([1, 2, 3], [1, 0, 0])).toBe(0);
    expect(auroc([5, 5, 5, 5], [1, 0, 1, 0])).toBe(0.5);
  });
  it('is null, not NaN, when a class is absent', () => {
    expect(auroc([1, 2], [1, 1])).toBeNull();
    expect(auroc([1, 2], [0, 0])).toBeNull();
  });
});

describe('selectivity', () => {
  it('peakedness = (max − mean rest)/(max + mean rest) on |values|', () => {
    expect(peakedness([4, 1, 1, 1])).toBeCloseTo(3 / 5, 12);
    expect(peakedness([2, -2])).toBe(0);
    expect(peakedness([0, 3, 0])).toBe(1);
    expect(peakedness([0, 0])).toBeNull();
  });
  it('Gini: 0 for equal, (n−1)/n for one spike, hand case [1,2,3,4] = 0.25', () => {
    expect(gini([2, 2, 2])).toBe(0);
    expect(gini([0, 0, 0, 5])).toBeCloseTo(3 / 4, 12);
    expect(gini([4, 1, 3, 2])).toBeCloseTo(0.25, 12); // Σ(2i−5)x_i = −3·1 −1·2 +1·3 +3·4 = 10; 10/(4·10)
  });
  it('per-topic mean activations (withMean) respect the mask', () => {
    const f = Float32Array.from([1, 2, 3, 4, 5, 6]); // 3 videos × 2 neurons
    const s3 = Uint8Array.from([1, 0, 1, 1, 1, 0]); // 3 videos × 2 topics; video 2 masked out
    const m = topicContrasts(f, s3, 3, 2, 2, Uint8Array.from([1, 1, 0])).map((c) => c.withMean);
    expect(Array.from(m[0]!)).toEqual([2, 3]);
    expect(Array.from(m[1]!)).toEqual([3, 4]);
  });
});

describe('pdm consistency', () => {
  it('share of pairs choosing the modal neuron, per topic and overall', () => {
    // 4 videos × 2 topics
    const chosen = Int32Array.from([3, -1, 3, 1, 2, 1, 3, 0]);
    const c = pdmConsistency(chosen, 4, 2);
    expect(Array.from(c.modal)).toEqual([3, 1]);
    expect(c.perTopic[0]).toBeCloseTo(3 / 4, 12);
    expect(c.perTopic[1]).toBeCloseTo(2 / 3, 12);
    expect(c.overall).toBeCloseTo(5 / 7, 12);
    expect(pdmConsistency(Int32Array.from([-1]), 1, 1).perTopic[0]).toBeNull();
  });
  it('breaks modal ties toward the lowest neuron', () => {
    expect(pdmConsistency(Int32Array.from([5, 2]), 2, 1).modal[0]).toBe(2);
  });
});

describe('interpretabilityScores', () => {
  it('combines map (train) and evaluation (test) videos, hand-computed', () => {
    // 6 videos × 2 neurons × 2 topics; videos 0-2 map, 3-5 evaluation.
    const features = Float32Array.from([1, 0, 0, 1, 1, 1, /* eval */ 2, 0, 0, 2, 0.5, 0.5]);
    const topicVectors = Uint8Array.from([1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0]);
    const chosen = Int32Array.from([0, -1, -1, 1, 0, 0, /* eval rows ignored for the map */ 1, -1, -1, 0, -1, -1]);
    const r = interpretabilityScores({
      features,
      topicVectors,
      numVideos: 6,
      numNeurons: 2,
      numTopics: 2,
      topicNames: ['a', 'b'],
      chosen,
      mapMask: Uint8Array.from([1, 1, 1, 0, 0, 0]),
      evalMask: Uint8Array.from([0, 0, 0, 1, 1, 1]),
    });
    // Map: a ← neuron 0 ×2; b ← neurons 1, 0 once each. Modal of b is 0 (lowest), but 0 is a's: b's own neuron is 1.
    expect(r.perTopic.map((t) => t.modalNeuron)).toEqual([0, 0]);
    expect(r.perTopic.map((t) => t.neuron)).toEqual([0, 1]);
    expect(r.perTopic.map((t) => t.ownNeurons)).toEqual([[0], [1]]);
    expect(r.perTopic[0]!.consistency).toBe(1);
    expect(r.perTopic[1]!.consistency).toBe(0.5);
    expect(r.perTopic.map((t) => t.direction)).toEqual([1, 1]);
    // a on eval: positive video 3 (neuron 0 = 2) vs 4 (0), 5 (0.5) → 1; b: video 4 (neuron 1 = 2) vs 0, 0.5 → 1.
    expect(r.perTopic.map((t) => t.detectorAuroc)).toEqual([1, 1]);
    expect(r.perTopic.map((t) => t.signedAuroc)).toEqual([1, 1]);
    // a: μ₊ = 2, μ₋ = 0.25, pooled sd² = (0.25² + 0.25²)/1 → d = 1.75 / √0.125 = 3.5√2.
    expect(r.perTopic[0]!.selectivity).toBeCloseTo(3.5 * Math.SQRT2, 6);
    // a: with [2, 0], without [0.25, 1.25] → c = [1.75, −1.25] → (1.75 − 1.25)/(1.75 + 1.25) = 1/6; peaks at 0, a's own.
    expect(r.perTopic[0]!.contrastPeakedness).toBeCloseTo(1 / 6, 6);
    expect(r.perTopic.map((t) => t.standsOut)).toEqual([true, true]);
    // The raw mean profile of a over its eval videos, [2, 0], is one spike.
    expect(r.perTopic[0]!.peakedness).toBe(1);
    expect(r.perTopic[0]!.decodingOwn).toBeNull(); // no tf given
    expect(r.summary).toMatchObject({
      detectorAuroc: 1,
      signedAuroc: 1,
      topicsScored: 2,
      topicsWithoutNeuron: 0,
      standsOutShare: 1,
      pairs: 4,
      groundTruthAgreement: null,
    });
    expect(r.summary.contrastPeakedness).toBeCloseTo(1 / 6, 6);
    expect(r.summary.consistency).toBeCloseTo(3 / 4, 12);
  });
  it('meanStd uses the sample standard deviation', () => {
    expect(meanStd([1, 2, 3])).toEqual({ mean: 2, std: 1, n: 3 });
    expect(meanStd([null, 4])).toEqual({ mean: 4, std: 0, n: 1 });
  });
});
