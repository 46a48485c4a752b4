import { describe, expect, it } from 'vitest';
import { auroc, gini, groundTruthAgreement, interpretabilityScores, meanStd, pdmConsistency, peakedness, topicMeanActivations } from './index.js';

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
  it('per-topic mean activations respect the mask', () => {
    const f = Float32Array.from([1, 2, 3, 4, 5, 6]); // 3 videos × 2 neurons
    const s3 = Uint8Array.from([1, 0, 1, 1, 1, 0]); // 3 videos × 2 topics; video 2 masked out
    const m = topicMeanActivations(f, s3, 3, 2, 2, Uint8Array.from([1, 1, 0]));
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

describe('ground-truth agreement', () => {
  it('matches topics to attributes by Jaccard and neurons by AUROC', () => {
    // 4 videos, 2 neurons, 2 topics; attributes dog, red.
    const gtv = [{ dog: 1, red: 0 }, { dog: 0, red: 1 }, { dog: 1, red: 1 }, { dog: 0, red: 0 }];
    const s = Uint8Array.from([1, 0, 0, 1, 1, 1, 0, 0]); // topic0 = dog, topic1 = red
    const f = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.7, 0.6, 0.1, 0.3]); // neuron0 tracks dog, neuron1 red
    const ok = groundTruthAgreement({ features: f, topicVectors: s, numVideos: 4, numNeurons: 2, numTopics: 2, groundTruth: gtv, labels: [{ neuron: 0, topic: 0 }, { neuron: 1, topic: 1 }] });
    expect(ok.topicAttributes.map((t) => t.attribute)).toEqual(['dog', 'red']);
    expect(ok.neurons.map((x) => x.trackedAttribute)).toEqual(['dog', 'red']);
    expect(ok.agreement).toBe(1);
    const swapped = groundTruthAgreement({ features: f, topicVectors: s, numVideos: 4, numNeurons: 2, numTopics: 2, groundTruth: gtv, labels: [{ neuron: 0, topic: 1 }, { neuron: 1, topic: 1 }] });
    expect(swapped.agreement).toBe(0.5);
  });
});

describe('interpretabilityScores', () => {
  it('combines map (train) and evaluation (test) videos', () => {
    // 6 videos × 2 neurons × 2 topics; videos 0-2 train, 3-5 test.
    const features = Float32Array.from([1, 0, 0, 1, 1, 1, /* test */ 2, 0, 0, 2, 0.5, 0.5]);
    const topicVectors = Uint8Array.from([1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0]);
    const chosen = Int32Array.from([0, -1, -1, 1, 0, 0, /* test rows ignored for the map */ 1, -1, -1, 0, -1, -1]);
    const r = interpretabilityScores({
      features, topicVectors, numVideos: 6, numNeurons: 2, numTopics: 2, topicNames: ['a', 'b'], chosen,
      mapMask: Uint8Array.from([1, 1, 1, 0, 0, 0]), evalMask: Uint8Array.from([0, 0, 0, 1, 1, 1]),
    });
    expect(r.perTopic.map((t) => t.neuron)).toEqual([0, 0]); // topic b: neurons 1 and 0 once each → lowest
    expect(r.perTopic[0]!.consistency).toBe(1);
    expect(r.perTopic[1]!.consistency).toBe(0.5);
    // topic a on test: positive video 3 (neuron0 = 2) vs negatives 4 (0), 5 (0.5) → AUROC 1
    expect(r.perTopic[0]!.auroc).toBe(1);
    // topic b: neuron0 on test, positive video 4 (0) vs 3 (2), 5 (0.5) → 0
    expect(r.perTopic[1]!.auroc).toBe(0);
    // selectivity of topic a on test: mean of video 3 = [2, 0] → peakedness 1
    expect(r.perTopic[0]!.peakedness).toBe(1);
    expect(r.summary.meanAuroc).toBe(0.5);
    expect(r.summary.consistency).toBeCloseTo(3 / 4, 12);
    expect(r.summary.groundTruthAgreement).toBeNull();
  });
  it('meanStd uses the sample standard deviation', () => {
    expect(meanStd([1, 2, 3])).toEqual({ mean: 2, std: 1, n: 3 });
    expect(meanStd([null, 4])).toEqual({ mean: 4, std: 0, n: 1 });
  });
});
