import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/tensor/rng.js';
import { cohensD, direction, groundTruthAgreement, interpretabilityScores, signAware } from './index.js';

/** N videos, one topic, D = 1 neuron; the first `mapCount` videos are the map videos, every one chooses neuron 0. */
const oneNeuron = (values: number[], topic: number[], mapCount: number) =>
  interpretabilityScores({
    features: Float32Array.from(values),
    topicVectors: Uint8Array.from(topic),
    numVideos: values.length,
    numNeurons: 1,
    numTopics: 1,
    topicNames: ['t'],
    chosen: Int32Array.from(topic, (s) => (s ? 0 : -1)),
    mapMask: Uint8Array.from(values, (_, v) => (v < mapCount ? 1 : 0)),
    evalMask: Uint8Array.from(values, (_, v) => (v >= mapCount ? 1 : 0)),
  });

describe('direction and sign-aware AUROC', () => {
  it('direction: sign of mean(with) − mean(without); +1 on a tie or an empty side', () => {
    expect(direction([1, 2, 5, 6], [0, 0, 1, 1])).toBe(1);
    expect(direction([5, 6, 1, 2], [0, 0, 1, 1])).toBe(-1);
    expect(direction([1, 3, 2, 2], [1, 1, 0, 0])).toBe(1);
    expect(direction([1, 2], [1, 1])).toBe(1);
  });
  it('signAware maps a to 1 − a for a falling neuron', () => {
    expect(signAware(0.2, -1)).toBeCloseTo(0.8, 12);
    expect(signAware(0.2, 1)).toBe(0.2);
    expect(signAware(null, -1)).toBeNull();
  });
});

describe("Cohen's d", () => {
  it('hand case: (4 − 1) / √((1·2 + 2·1)/3) = 3√3/2', () => {
    // positives 3, 5 (mean 4, s² 2); negatives 0, 1, 2 (mean 1, s² 1).
    expect(cohensD([3, 0, 5, 1, 2], [1, 0, 1, 0, 0])).toBeCloseTo((3 * Math.sqrt(3)) / 2, 12);
    expect(cohensD([0, 1, 2, 3, 5], [0, 0, 0, 1, 1])).toBeCloseTo((3 * Math.sqrt(3)) / 2, 12);
  });
  it('is null when undefined: a class empty, or no spread', () => {
    expect(cohensD([1, 2, 3], [1, 1, 1])).toBeNull();
    expect(cohensD([2, 2, 0.1, 0.1, 0.1], [1, 1, 0, 0, 0])).toBeNull();
  });
});

describe('sign-aware detector score', () => {
  it('a neuron that falls with its topic is a good detector (detectorAuroc 1, signedAuroc 0)', () => {
    const rng = mulberry32(3);
    const topic = Array.from({ length: 200 }, (_, v) => v % 2);
    const values = topic.map((s) => -s + 0.4 * rng()); // falls by 1 with the topic; noise < 1 keeps classes apart
    const r = oneNeuron(values, topic, 100);
    const t = r.perTopic[0]!;
    expect(t.direction).toBe(-1);
    expect(t.detectorAuroc).toBe(1);
    expect(t.signedAuroc).toBe(0);
    expect(t.selectivity!).toBeGreaterThanOrEqual(5); // |μ₊ − μ₋| = 1 against sd ≈ 0.4/√12
    expect(r.summary.detectorAuroc).toBe(1);
    expect(r.summary.signedAuroc).toBe(0);
  });
  it('a random neuron scores 0.5 ± 0.03 at large N', () => {
    const rng = mulberry32(11);
    const n = 20_000;
    const topic = Array.from({ length: n }, () => (rng() < 0.3 ? 1 : 0));
    const values = topic.map(() => rng() - 0.5);
    const r = oneNeuron(values, topic, n / 2);
    expect(Math.abs(r.perTopic[0]!.detectorAuroc! - 0.5)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(r.perTopic[0]!.selectivity!)).toBeLessThanOrEqual(0.1);
  });
  it('fixes the direction on the map videos and never refits it on the evaluation videos', () => {
    // Map videos: the neuron rises with the topic; evaluation videos: it falls.
    const topic = [1, 0, 1, 0, 1, 0, 1, 0];
    const values = [1, 0, 0.9, 0.1, /* eval */ 0, 1, 0.1, 0.9];
    const t = oneNeuron(values, topic, 4).perTopic[0]!;
    expect(t.direction).toBe(1);
    expect(t.detectorAuroc!).toBeLessThan(0.5);
    expect(t.detectorAuroc).toBe(0);
    expect(t.selectivity!).toBeLessThan(0);
  });
  it('topics without an own neuron get null detector scores and are counted apart', () => {
    // Topics a, b; neuron 0 is chosen for both, more often for a; b has no other neuron.
    const r = interpretabilityScores({
      features: Float32Array.from([1, 1, 0, 1, /* eval */ 1, 0, 0, 1]),
      topicVectors: Uint8Array.from([1, 1, 1, 0, 0, 1, 0, 0, /* eval */ 1, 1, 0, 0, 1, 0, 0, 1]),
      numVideos: 8,
      numNeurons: 1,
      numTopics: 2,
      topicNames: ['a', 'b'],
      chosen: Int32Array.from([0, 0, 0, -1, -1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1]),
      mapMask: Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0]),
      evalMask: Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]),
    });
    expect(r.perTopic.map((t) => t.neuron)).toEqual([0, -1]);
    expect(r.perTopic[1]).toMatchObject({
      ownNeurons: [],
      direction: null,
      detectorAuroc: null,
      selectivity: null,
      standsOut: null,
      positives: 2,
      negatives: 2,
    });
    expect(r.summary).toMatchObject({ topicsScored: 1, topicsWithoutNeuron: 1 });
  });
  it('scores are null, not NaN, for a topic without negative evaluation videos', () => {
    const t = oneNeuron([1, 0, 1, 1], [1, 0, 1, 1], 2).perTopic[0]!;
    expect(t).toMatchObject({
      detectorAuroc: null,
      signedAuroc: null,
      selectivity: null,
      contrastPeakedness: null,
      standsOut: null,
      positives: 2,
      negatives: 0,
    });
  });
});

describe('contrast profile (Fig. 3: videos with the topic against those without)', () => {
  it('contrastPeakedness and standsOut, hand-computed', () => {
    // 3 neurons; eval videos with the topic [4,0,1], [2,0,1] (mean [3,0,1]), without [0,1,1] ×2 (mean [0,1,1]).
    // c = [3, −1, 0] → |c| peak 3, rest mean 0.5 → (3 − 0.5)/(3 + 0.5) = 5/7; argmax |c| = 0.
    const evalRows = [4, 0, 1, 2, 0, 1, 0, 1, 1, 0, 1, 1];
    const mapRows = [1, 0, 0, 0, 0, 0]; // 2 map videos: one with the topic (chose `own`), one without
    const run = (own: number) =>
      interpretabilityScores({
        features: Float32Array.from([...mapRows, ...evalRows]),
        topicVectors: Uint8Array.from([1, 0, 1, 1, 0, 0]),
        numVideos: 6,
        numNeurons: 3,
        numTopics: 1,
        topicNames: ['t'],
        chosen: Int32Array.from([own, -1, -1, -1, -1, -1]),
        mapMask: Uint8Array.from([1, 1, 0, 0, 0, 0]),
        evalMask: Uint8Array.from([0, 0, 1, 1, 1, 1]),
      }).perTopic[0]!;
    expect(run(0).contrastPeakedness).toBeCloseTo(5 / 7, 12);
    expect(run(0).standsOut).toBe(true);
    expect(run(2).standsOut).toBe(false);
  });
});

describe('ground-truth agreement', () => {
  // 8 videos (0-3 map, 4-7 eval), attributes dog and red; topic 0 = dog, topic 1 = red.
  const gt = [
    { dog: 1, red: 0 },
    { dog: 0, red: 1 },
    { dog: 1, red: 1 },
    { dog: 0, red: 0 },
  ];
  const groundTruth = [...gt, ...gt];
  const topicVectors = Uint8Array.from(groundTruth.flatMap((g) => [g.dog, g.red]));
  // Neuron 0 falls with dog (its signed AUROC for red, 0.75, beats dog's 0); neuron 1 rises with red.
  const rows = [
    [0.1, 0.1],
    [0.9, 0.7],
    [0.2, 0.8],
    [0.8, 0.2],
  ];
  const features = Float32Array.from([...rows, ...rows].flat());
  const common = {
    features,
    topicVectors,
    numVideos: 8,
    numNeurons: 2,
    numTopics: 2,
    groundTruth,
    mapMask: Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0]),
    evalMask: Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]),
  };
  it('tracks attributes sign-aware, with directions fixed on the map videos', () => {
    const ok = groundTruthAgreement({ ...common, primary: Int32Array.from([0, 1]) });
    expect(ok.topicAttributes.map((t) => t.attribute)).toEqual(['dog', 'red']);
    expect(ok.neurons.map((x) => [x.neuron, x.trackedAttribute, x.direction, x.auroc])).toEqual([
      [0, 'dog', -1, 1],
      [1, 'red', 1, 1],
    ]);
    // neuron 0 on the eval videos (0.1, 0.9, 0.2, 0.8) against dog (1, 0, 1, 0): r = −0.99 → direction · r = 0.99
    expect(ok.neurons[0]!.correlation).toBeCloseTo(0.99, 2);
    expect(ok.agreement).toBe(1);
  });
  it('a rare attribute does not win by AUROC alone: the tracked attribute is the best correlated one', () => {
    // 40 eval + 40 map videos; attribute "common" (half the videos) rises with the neuron but noisily
    // (AUROC ≈ 0.9); "rare" is in 2 videos that happen to have the top activations (AUROC 1).
    const n = 40;
    const acts: number[] = [];
    const gts: Record<string, number>[] = [];
    for (let v = 0; v < n; v++) {
      const common = v % 2;
      acts.push(v < 2 ? 1.5 : common + (((v * 7919) % 13) / 13 - 0.5) * 0.9);
      gts.push({ common, rare: v < 2 ? 1 : 0 });
    }
    const features = Float32Array.from([...acts, ...acts]);
    const groundTruth = [...gts, ...gts];
    const tv = Uint8Array.from(groundTruth.map((g) => g.common!));
    const mask = (evalHalf: boolean) => Uint8Array.from({ length: 2 * n }, (_, v) => (v < n !== evalHalf ? 1 : 0));
    const r = groundTruthAgreement({
      features,
      topicVectors: tv,
      numVideos: 2 * n,
      numNeurons: 1,
      numTopics: 1,
      groundTruth,
      primary: Int32Array.from([0]),
      mapMask: mask(false),
      evalMask: mask(true),
    });
    expect(r.neurons[0]!.trackedAttribute).toBe('common');
    expect(r.agreement).toBe(1);
    // By AUROC the rare attribute would have won: its two videos hold the top activations.
    const ranks = [...acts].map((a, v) => ({ a, rare: v < 2 })).sort((x, y) => y.a - x.a);
    expect(ranks.slice(0, 2).every((x) => x.rare)).toBe(true);
  });

  it('judges one primary neuron per topic', () => {
    expect(groundTruthAgreement({ ...common, primary: Int32Array.from([1, 0]) }).agreement).toBe(0);
    const one = groundTruthAgreement({ ...common, primary: Int32Array.from([0, -1]) });
    expect(one.neurons.length).toBe(1);
    expect(one.agreement).toBe(1);
  });
});
