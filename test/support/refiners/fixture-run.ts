import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../core/tensor/rng.js';
import { loadModel } from '../../../plugins/training/model-io.js';
import { Eq10Refiner } from '../../../plugins/refiners/eq10/refine.js';
import { eq10Defaults, type Eq10Options } from '../../../plugins/refiners/eq10/schema.js';
import type { RunModel, RunModelLoader } from '../../../plugins/refiners/session/run-model.js';
import { RefineSession } from '../../../plugins/refiners/session/session.js';
import { writeFixtureManifest, writeFixtureModel } from './fixture-stages.js';
import { TinyEncoder } from './tiny-encoder.js';

/**
 * A small run folder with the files the refine tools read (RUN-LAYOUT.md), each stage with its
 * manifest.json, and a small real model for it: a TinyEncoder whose neuron j follows feature j
 * (train/model: W = 2.5·I, M = 0, b = 0; `retrainFixtureRun` writes another scale), and a
 * describer that names the neurons whose mean activation over the clip exceeds 0.5.
 *
 * Topics 0..2 = dog, car, swim (neurons 0..2); neurons 3..5 = man, woman, ball (no topic).
 * Training videos show their topics strongly (feature ≈ 1); the "weak" test videos show them
 * faintly (feature ≈ 0.1), so their captions miss the topic until it is refined in.
 */
export const FIXTURE = {
  dim: 6,
  frames: 8,
  words: ['dog', 'car', 'swimming', 'man', 'woman', 'ball'],
  topicNames: ['dog: dog, puppy, dogs', 'car: car, driving, road', 'swim: swimming, pool, water'],
  topicWords: [
    ['dog', 'puppy', 'dogs', 'pet', 'barking'],
    ['car', 'driving', 'road', 'drives', 'street'],
    ['swimming', 'pool', 'water', 'swims', 'swim'],
  ],
};

/** The scale s of the fixture's trained encoder, W = s·I. */
export const FIXTURE_SCALE = 2.5;

interface Spec {
  id: string;
  split: 'train' | 'test';
  topics: number[];
  strength: number[];
  extra: number[];
}

export function fixtureVideos(): Spec[] {
  const out: Spec[] = [];
  for (let i = 0; i < 24; i++) {
    const t = [i % 3, ...(i % 4 === 0 ? [(i + 1) % 3] : [])];
    out.push({ id: `train${i}`, split: 'train', topics: t, strength: t.map(() => 1), extra: [3 + (i % 3)] });
  }
  const test: [number[], number[], number[]][] = [
    [[0], [0.1], [3]], // weak dog
    [[1], [0.1], [4]], // weak car
    [[2], [0.12], [3]], // weak swim
    [[0], [1], [3]], // strong dog: carried
    [[0, 1], [0.08, 1], [4]], // weak dog, strong car
    [[1], [1], [5]], // strong car
    [[2], [1], [4]], // strong swim
    [[0], [0.1], [5]], // weak dog
  ];
  test.forEach(([topics, strength, extra], i) => {
    out.push({ id: `test${i}`, split: 'test', topics, strength, extra });
  });
  return out;
}

const sentence = (topics: number[], extra: number[]): string[] => {
  const who = ['a man', 'a woman', 'a kid'][extra[0]! - 3]!;
  const what = topics.map((k) => ['a dog', 'a car', 'swimming'][k]!).join(' and ');
  return [`${who} with ${what}`, `${what} is shown`, `there is ${what} and ${who}`];
};

/** Write the fixture run into `runDir`. */
export function writeFixtureRun(runDir: string, seed = 1): void {
  const rng = new Rng(seed);
  const videos = fixtureVideos();
  const { dim, frames } = FIXTURE;
  const data = new Float32Array(videos.length * frames * dim);
  videos.forEach((v, b) => {
    for (let i = 0; i < frames; i++) {
      const row = (b * frames + i) * dim;
      for (let d = 0; d < dim; d++) data[row + d] = 0.05 * rng.normal();
      v.topics.forEach((k, j) => {
        data[row + k]! += v.strength[j]!;
      });
      for (const e of v.extra) data[row + e]! += 1;
    }
  });
  const dir = (s: string) => {
    mkdirSync(join(runDir, s), { recursive: true });
    return join(runDir, s);
  };
  const json = (file: string, value: unknown) => writeFileSync(file, JSON.stringify(value, null, 1));
  writeFileSync(join(dir('features'), 'features.f32'), new Uint8Array(data.buffer));
  json(join(runDir, 'features', 'index.json'), {
    dim,
    videos: videos.map((v, b) => ({ id: v.id, split: v.split, frames, offset: b * frames * dim })),
    skipped: [],
  });
  json(join(runDir, 'config.json'), {
    name: 'fixture',
    seed,
    backend: 'cpu',
    plugins: [],
    runsDir: 'runs',
    refiner: { type: 'eq10', options: { mu: 0.01, steps: 40, learningRate: 0.05, optimizer: 'adam' } },
  });
  json(join(dir('topics'), 'topic-vectors.json'), {
    numTopics: 3,
    names: FIXTURE.topicNames,
    vectors: Object.fromEntries(videos.map((v) => [v.id, v.topics])),
  });
  json(join(runDir, 'topics', 'topics.json'), {
    topics: FIXTURE.topicNames.map((name, k) => ({ name, words: FIXTURE.topicWords[k]!.map((w, r) => [w, 0.3 - 0.05 * r]) })),
    loglik: [],
  });
  json(
    join(dir('evaluate'), 'captions.json'),
    Object.fromEntries(
      videos.filter((v) => v.split === 'test').map((v) => [v.id, { hypothesis: '', references: sentence(v.topics, v.extra) }]),
    ),
  );
  writeFixtureMap(runDir, [[0], [1], [2]]);
  writeFixtureModel(runDir, FIXTURE_SCALE);
  // A few frames of RGB for the studio's frame view are not part of this run (features only).
  for (const stage of ['features', 'topics', 'train', 'evaluate', 'attribute']) writeFixtureManifest(runDir, stage);
}

/** attribute/neuron-topic-map.json tying topic k to `topicNeurons[k]` (each chosen 10 times). */
function writeFixtureMap(runDir: string, topicNeurons: number[][]): void {
  mkdirSync(join(runDir, 'attribute'), { recursive: true });
  const map = {
    method: 'pdm',
    numNeurons: FIXTURE.dim,
    numTopics: 3,
    topicNames: FIXTURE.topicNames,
    topics: [0, 1, 2].map((k) => ({
      topic: k,
      name: FIXTURE.topicNames[k],
      pairs: 10,
      neurons: topicNeurons[k]!.map((neuron) => ({ neuron, count: 10 })),
    })),
  };
  writeFileSync(join(runDir, 'attribute', 'neuron-topic-map.json'), JSON.stringify(map, null, 1));
}

/** What a rerun of the attribute stage leaves: a new neuron–topic map and attribute/manifest.json with its output hash. */
export function reattributeFixtureRun(runDir: string, topicNeurons: number[][]): void {
  writeFixtureMap(runDir, topicNeurons);
  writeFixtureManifest(runDir, 'attribute');
}

/**
 * What a rerun of the train stage leaves: train/model with W = `scale`·I (M = 0, b = 0) and
 * train/manifest.json with the new output hash.
 */
export function retrainFixtureRun(runDir: string, scale: number): void {
  writeFixtureModel(runDir, scale);
  writeFixtureManifest(runDir, 'train');
}

/** The fixture's model with the weights of the run's train/model; `refine/` weights are loaded on top by the session. */
export const fixtureLoader: RunModelLoader = async (data) => {
  const encoder = new TinyEncoder(FIXTURE.dim, 3);
  encoder.build(FIXTURE.dim);
  await loadModel(join(data.runDir, 'train', 'model'), { encoder });
  const model: RunModel = {
    encoder,
    async describe(encoded) {
      const means = tf.tidy(() => tf.mean(encoded, 1).arraySync() as number[][]);
      return means.map((m) => {
        const words = FIXTURE.words.filter((_, j) => m[j]! > 0.5);
        return words.length ? `a ${words.join(' and ')}` : 'a thing';
      });
    },
    dispose: () => encoder.dispose(),
  };
  return model;
};

/** A refine session on the fixture run in `runDir`, refining with eq10 at `options` over its defaults (`refinerInfo` records `options`). */
export function openFixtureSession(runDir: string, options: Partial<Eq10Options>): Promise<RefineSession> {
  return RefineSession.open(runDir, {
    loadModel: fixtureLoader,
    refiner: new Eq10Refiner({ ...eq10Defaults, ...options }),
    refinerInfo: { type: 'eq10', options },
  });
}
