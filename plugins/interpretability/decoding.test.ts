import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/tensor/rng.js';
import { decodingScores, interpretabilityScores } from './index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// 400 videos (0-199 map, 200-399 eval), 3 neurons uniform in [−0.5, 0.5], 2 topics:
// topic 0 = [x0 > 0] (its own neuron is 0), topic 1 = [x2 > 0.1] but PDM named neuron 1 for it.
const n = 400;
const rng = mulberry32(5);
const features = Float32Array.from({ length: n * 3 }, () => rng() - 0.5);
const topicVectors = Uint8Array.from({ length: n * 2 }, (_, p) => {
  const v = Math.floor(p / 2);
  return p % 2 === 0 ? Number(features[v * 3]! > 0) : Number(features[v * 3 + 2]! > 0.1);
});
const fitMask = Uint8Array.from({ length: n }, (_, v) => (v < n / 2 ? 1 : 0));
const evalMask = Uint8Array.from(fitMask, (x) => 1 - x);
const common = { tf, features, topicVectors, numVideos: n, numNeurons: 3, numTopics: 2, fitMask, evalMask };

describe('decoding scores', () => {
  it('a topic that is a linear function of its own neuron decodes ≈ 1 from it; one readable only from another neuron ≈ 0.5 own, ≈ 1 all', () => {
    const before = tf.memory().numTensors;
    const r = decodingScores({ ...common, ownNeurons: [[0], [1]] });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.own[0]!).toBeGreaterThanOrEqual(0.98);
    expect(r.all[0]!).toBeGreaterThanOrEqual(0.98);
    expect(Math.abs(r.own[1]! - 0.5)).toBeLessThanOrEqual(0.1);
    expect(r.all[1]!).toBeGreaterThanOrEqual(0.98);
  });
  it('is deterministic and null for a topic without own neurons', () => {
    const a = decodingScores({ ...common, ownNeurons: [[0], []] });
    const b = decodingScores({ ...common, ownNeurons: [[0], []] });
    expect(a).toEqual(b);
    expect(a.own[1]).toBeNull();
    expect(a.all[1]!).toBeGreaterThanOrEqual(0.98);
  });
  it('interpretabilityScores reports them per topic and as paired means over the scored topics', () => {
    const chosen = Int32Array.from({ length: n * 2 }, (_, p) => (fitMask[Math.floor(p / 2)] && topicVectors[p] ? p % 2 : -1));
    const r = interpretabilityScores({ ...common, topicNames: ['x0', 'x2'], chosen, mapMask: fitMask });
    expect(r.perTopic.map((t) => t.ownNeurons)).toEqual([[0], [1]]);
    expect(r.perTopic[0]!.decodingOwn!).toBeGreaterThanOrEqual(0.98);
    expect(Math.abs(r.perTopic[1]!.decodingOwn! - 0.5)).toBeLessThanOrEqual(0.1);
    expect(r.perTopic[1]!.decodingAll!).toBeGreaterThanOrEqual(0.98);
    expect(r.summary.decodingOwn).toBeCloseTo((r.perTopic[0]!.decodingOwn! + r.perTopic[1]!.decodingOwn!) / 2, 12);
    expect(r.summary.decodingAll!).toBeGreaterThanOrEqual(0.98);
  });
});
