/**
 * Stand-in for the attribute stage while it is not in the tree: writes
 * <run>/attribute/neuron-topic-map.json with the `pdm` attributor through the run's f.
 * Usage: npx tsx plugins/refiners/testing/attribute-run.ts <runDir>
 */
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createRegistry } from '../../../core/plugin/create-registry.js';
import { createRunContainer } from '../../../core/container/create-run-container.js';
import { TOKENS } from '../../../core/contracts/tokens.js';
import type { Encoder } from '../../../core/contracts/encoder.js';
import type { InterpretiveLoss } from '../../../core/contracts/interpretive-loss.js';
import type { Attributor } from '../../../core/contracts/attributor.js';
import { selectBackend } from '../../../core/backend/select-backend.js';
import { loadModel } from '../../training/model-io.js';
import { buildNeuronTopicMap, writeNeuronTopicMap } from '../../attributors/index.js';
import { readFeatures } from '../../stages/features/read-features.js';
import { readRunTopics } from '../session/topics.js';
import { readStageJson } from '../session/read-json.js';
import type { ExperimentConfig } from '../../../core/config/types.js';

const runDir = resolve(process.argv[2]!);
await selectBackend('auto' as never).catch(() => tf.setBackend('cpu'));
const registry = await createRegistry([new URL('../../index.ts', import.meta.url)]);
const config = readStageJson(join(runDir, 'config.json'), 'run') as ExperimentConfig;
const container = await createRunContainer(registry, { config, file: join(runDir, 'config.json'), dir: runDir, chain: [] }, { slots: ['encoder', 'interpretiveLoss', 'attributor'], runDir });
const encoder = container.resolve<Encoder>(TOKENS.encoder);
const loss = container.resolve<InterpretiveLoss>(TOKENS.interpretiveLoss);
const attributor = container.isRegistered(TOKENS.attributor, true) ? container.resolve<Attributor>(TOKENS.attributor) : await registry.get('attributor', 'pdm').create(registry.get('attributor', 'pdm').defaults as never, { container, resolve: (t) => container.resolve(t), tf, logger: { info() {}, warn() {}, record() {}, progress: () => ({ tick() {}, done() {} }) }, seed: config.seed, configDir: runDir });
const features = await readFeatures(join(runDir, 'features'));
const topics = readRunTopics(join(runDir, 'topics'));
encoder.build(features.dim);
loss.build(encoder.outputDim, topics.numTopics);
await loadModel(join(runDir, 'train', 'model'), { encoder, interpretiveLoss: loss });
const ids = features.ids.filter((id) => features.splitOf(id) === 'train');
const D = encoder.outputDim;
const K = topics.numTopics;
const feats = new Float32Array(ids.length * D);
for (let s = 0; s < ids.length; s += 64) {
  const part = ids.slice(s, s + 64);
  const { data, frames } = features.batch(part);
  const m = tf.tidy(() => tf.mean(encoder.apply(tf.tensor3d(data, [part.length, frames[0]!, features.dim]), false), 1).dataSync());
  feats.set(m, s * D);
}
const tv = new Uint8Array(ids.length * K);
ids.forEach((id, n) => topics.vectorOf(id).forEach((k) => (tv[n * K + k] = 1)));
const result = await attributor.attribute({ features: feats, numVideos: ids.length, numNeurons: D, topicVectors: tv, numTopics: K, topicNames: topics.names, videoIds: ids, readout: loss.readout() });
const map = buildNeuronTopicMap(result, D, topics.names);
mkdirSync(join(runDir, 'attribute'), { recursive: true });
console.log(writeNeuronTopicMap(join(runDir, 'attribute'), map));
