import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { RefineRequest } from '../../../core/contracts/refiner.js';
import { useBackend } from '../../../core/tensor/testing/use-backend.js';
import { loadNamedTensors } from '../../../core/tensor/weights.js';
import { enhancementDelta } from '../eq10/enhance.js';
import { Eq10Refiner } from '../eq10/refine.js';
import { eq10Defaults } from '../eq10/schema.js';
import { BASE_ID, LineageStore } from '../lineage/store.js';
import {
  fixtureLoader,
  fixtureVideos,
  reattributeFixtureRun,
  retrainFixtureRun,
  writeFixtureRun,
} from '../../../test/support/refiners/fixture-run.js';
import { fixtureWeights } from '../../../test/support/refiners/fixture-stages.js';
import { readFeatures } from '../../stages/features/read-features.js';
import type { RunModelLoader } from './run-model.js';
import { RefineSession } from './session.js';

const options = { mu: 0.01, steps: 40, learningRate: 0.05, optimizer: 'adam' as const };

/** Opens a session that records its notices, the refiner's requests and how often the encoder ran. */
async function open(runDir: string) {
  const notices: string[] = [];
  const requests: RefineRequest[] = [];
  const counter = { applies: 0 };
  const eq10 = new Eq10Refiner({ ...eq10Defaults, ...options });
  const loadModel: RunModelLoader = async (data) => {
    const model = await fixtureLoader(data);
    const apply = model.encoder.apply.bind(model.encoder);
    model.encoder.apply = (frames, training) => {
      counter.applies++;
      return apply(frames, training);
    };
    return model;
  };
  const session = await RefineSession.open(runDir, {
    loadModel,
    refiner: {
      refine: (encoder, request) => {
        requests.push(request);
        return eq10.refine(encoder, request);
      },
    },
    refinerInfo: { type: 'eq10', options },
    notice: (line) => notices.push(line),
  });
  return { session, notices, requests, counter };
}

/** sha256 of every file under `dir` (relative names and contents). */
const hashTree = (dir: string): string => {
  const h = createHash('sha256');
  for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
    if (statSync(join(dir, f)).isFile()) h.update(f).update(readFileSync(join(dir, f)));
  }
  return h.digest('hex');
};
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const staleDirs = (runDir: string) =>
  readdirSync(join(runDir, 'refine'))
    .filter((n) => n.startsWith('stale-'))
    .sort();
const manifestHash = (runDir: string, stage: string): string => readJson(join(runDir, stage, 'manifest.json')).outputHash;

/**
 * Topic 0's mean activation of neuron 0 over the training videos with topic 0, for the fixture
 * encoder W = scale·I (so v_i0 = tanh(scale · x_i0)), computed here from the features alone.
 */
async function expectedMean(runDir: string, scale: number): Promise<number> {
  const features = await readFeatures(join(runDir, 'features'));
  const withDog = fixtureVideos().filter((v) => v.split === 'train' && v.topics.includes(0));
  let sum = 0;
  for (const v of withDog) {
    const x = features.get(v.id);
    const n = features.framesOf(v.id);
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.tanh(scale * x[i * features.dim]!);
    sum += s / n;
  }
  return sum / withDog.length;
}

describe('refine state follows the run: a retrained or re-attributed run never refines from stale state', () => {
  const root = mkdtempSync(join(tmpdir(), 'tl-refine-stale-'));
  beforeAll(async () => useBackend('cpu'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('an unchanged run reuses its refine state: no recomputation, same files', async () => {
    const runDir = join(root, 'unchanged');
    writeFixtureRun(runDir);
    const first = await open(runDir);
    expect(first.counter.applies).toBeGreaterThan(0); // the topic means were computed
    await first.session.refine(first.session.wholeClip('test0'), 'dog');
    first.session.dispose();
    const means = join(runDir, 'refine', 'topic-means.json');
    const before = {
      tree: hashTree(join(runDir, 'refine')),
      means: statSync(means).mtimeMs,
      base: statSync(join(runDir, 'refine', 'models', BASE_ID, 'encoder', 'weights.bin')).mtimeMs,
    };

    const again = await open(runDir);
    expect(again.counter.applies).toBe(0);
    expect(again.notices).toEqual([]);
    expect(again.session.setAside).toBeNull();
    expect(again.session.lineage.current()).toBe('r0001');
    expect(await again.session.caption(again.session.wholeClip('test0'))).toBe('a dog and man');
    expect(hashTree(join(runDir, 'refine'))).toBe(before.tree);
    expect(statSync(means).mtimeMs).toBe(before.means);
    expect(statSync(join(runDir, 'refine', 'models', BASE_ID, 'encoder', 'weights.bin')).mtimeMs).toBe(before.base);
    expect(staleDirs(runDir)).toEqual([]);
    again.session.dispose();
  });

  it('after retraining, the next session sets the old lineage aside intact and refines from the new model', async () => {
    const runDir = join(root, 'retrained');
    writeFixtureRun(runDir);
    const old = await open(runDir);
    await old.session.refine(old.session.wholeClip('test0'), 'dog');
    await old.session.refine(old.session.wholeClip('test1'), 'car');
    const oldMean = old.session.topicMeans()[0]![0]!;
    const oldTrain = old.session.provenance.train;
    old.session.dispose();
    const oldModels = hashTree(join(runDir, 'refine', 'models'));
    const oldMeansFile = readFileSync(join(runDir, 'refine', 'topic-means.json'));

    retrainFixtureRun(runDir, 1.2);
    const newTrain = manifestHash(runDir, 'train');
    expect(newTrain).not.toBe(oldTrain);
    const { session, notices, requests } = await open(runDir);

    // One line that names the stage that changed and where the old lineage went.
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /^refine: the run's train output [0-9a-f]{12} → [0-9a-f]{12} since these refinements were made; the old lineage \(3 models, current r0002\) was moved intact to refine\/stale-[0-9T-]+Z; refining from the run's current model\.$/,
    );
    expect(session.setAside!.changed).toEqual(['train']);

    // The old lineage, intact, where the notice says.
    const [stale] = staleDirs(runDir);
    const staleDir = join(runDir, 'refine', stale!);
    expect(session.setAside!.dir).toBe(staleDir);
    expect(hashTree(join(staleDir, 'models'))).toBe(oldModels);
    expect(readJson(join(staleDir, 'state.json'))).toEqual({ current: 'r0002' });
    expect(readFileSync(join(staleDir, 'topic-means.json'))).toEqual(oldMeansFile);
    expect(readJson(join(staleDir, 'stale.json'))).toMatchObject({
      changed: ['train'],
      derivedFrom: { train: oldTrain },
      runNow: { train: newTrain },
    });

    // A fresh base: the new train/model weights, bit for bit, recording what it came from.
    expect(session.lineage.list().map((e) => e.id)).toEqual([BASE_ID]);
    expect(session.lineage.current()).toBe(BASE_ID);
    expect(session.lineage.entry(BASE_ID).derivedFrom).toEqual(session.provenance);
    expect(session.provenance.train).toBe(newTrain);
    const base = await loadNamedTensors(join(runDir, 'refine', 'models', BASE_ID, 'encoder'));
    for (const [name, w] of Object.entries(fixtureWeights(1.2))) {
      const saved = base[name.replace('encoder/', '')]!;
      expect(Buffer.from((saved.dataSync() as Float32Array).buffer)).toEqual(Buffer.from(w.values.buffer));
      saved.dispose();
    }

    // δ comes from the new model's means: tanh(1.2·x) over the training videos with dog.
    const mean = await expectedMean(runDir, 1.2);
    expect(mean).toBeCloseTo(0.8335, 4); // against 0.9864 for the old model (s = 2.5)
    expect(oldMean).toBeCloseTo(await expectedMean(runDir, 2.5), 5);
    expect(oldMean).toBeCloseTo(0.9864, 4);
    expect(session.topicMeans()[0]![0]).toBeCloseTo(mean, 5);
    const meansFile = readJson(join(runDir, 'refine', 'topic-means.json'));
    expect(meansFile.derivedFrom.train).toBe(newTrain);
    expect(meansFile.means[0][0]).toBeCloseTo(mean, 5);

    const r = await session.refine(session.wholeClip('test0'), 'dog');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.neurons).toEqual([0]);
    expect(requests[0]!.meanActivation[0]).toBeCloseTo(mean, 5);
    expect(enhancementDelta(requests[0]!, 6, eq10Defaults.gain)[0]).toBeCloseTo(eq10Defaults.gain! * mean, 5);
    expect(r.entry).toMatchObject({ id: 'r0001', parent: BASE_ID, derivedFrom: { train: newTrain } });
    session.dispose();
  });

  it('after re-attribution the lineage is set aside too, but the topic means (which do not read the map) are reused', async () => {
    const runDir = join(root, 'reattributed');
    writeFixtureRun(runDir);
    const old = await open(runDir);
    await old.session.refine(old.session.wholeClip('test0'), 'dog');
    old.session.dispose();
    const meansFile = readFileSync(join(runDir, 'refine', 'topic-means.json'));

    reattributeFixtureRun(runDir, [[0, 3], [1], [2]]);
    const { session, notices, counter } = await open(runDir);
    expect(notices[0]).toMatch(
      /the run's attribute output .* since these refinements were made; the old lineage \(2 models, current r0001\) was moved intact/,
    );
    expect(session.setAside!.changed).toEqual(['attribute']);
    expect(counter.applies).toBe(0);
    expect(readFileSync(join(runDir, 'refine', 'topic-means.json'))).toEqual(meansFile);
    expect(session.neurons(0)).toEqual([0, 3]);
    expect(session.lineage.current()).toBe(BASE_ID);
    session.dispose();
  });

  it('a set-aside that a kill interrupted is completed on the next opening; half-written models are never trusted', async () => {
    const runDir = join(root, 'killed');
    writeFixtureRun(runDir);
    const old = await open(runDir);
    await old.session.refine(old.session.wholeClip('test0'), 'dog');
    old.session.dispose();
    retrainFixtureRun(runDir, 1.2);
    // Killed after the models moved, before state.json did.
    const refine = join(runDir, 'refine');
    const partial = join(refine, 'stale-2020-01-01T00-00-00-000Z.partial');
    mkdirSync(partial);
    writeFileSync(
      join(partial, 'stale.json'),
      JSON.stringify({ movedAt: '2020-01-01T00:00:00.000Z', reason: 'train changed', changed: ['train'], derivedFrom: null, runNow: null }),
    );
    renameSync(join(refine, 'models'), join(partial, 'models'));

    const { session, notices } = await open(runDir);
    expect(notices).toEqual([
      'refine: completed moving an old lineage to refine/stale-2020-01-01T00-00-00-000Z (an earlier move was interrupted).',
    ]);
    const done = join(refine, 'stale-2020-01-01T00-00-00-000Z');
    expect(existsSync(partial)).toBe(false);
    expect(readJson(join(done, 'state.json'))).toEqual({ current: 'r0001' });
    expect(existsSync(join(done, 'models', 'r0001', 'lineage.json'))).toBe(true);
    expect(staleDirs(runDir)).toEqual(['stale-2020-01-01T00-00-00-000Z']);
    expect(session.lineage.list().map((e) => e.id)).toEqual([BASE_ID]);
    expect(session.lineage.entry(BASE_ID).derivedFrom!.train).toBe(manifestHash(runDir, 'train'));
    expect(session.topicMeans()[0]![0]).toBeCloseTo(await expectedMean(runDir, 1.2), 5);
    session.dispose();

    // Killed while the first base snapshot was being written: its temp folder is not a model.
    const fresh = join(root, 'killed-snapshot');
    writeFixtureRun(fresh);
    mkdirSync(join(fresh, 'refine', 'models', 'base.999.1.tmp', 'encoder'), { recursive: true });
    writeFileSync(join(fresh, 'refine', 'models', 'base.999.1.tmp', 'encoder', 'weights.bin'), 'half');
    const second = await open(fresh);
    expect(second.notices).toEqual([]);
    const base = await loadNamedTensors(join(fresh, 'refine', 'models', BASE_ID, 'encoder'));
    expect(Array.from(base.W!.dataSync())).toEqual(Array.from(fixtureWeights(2.5)['encoder/W']!.values));
    for (const t of Object.values(base)) t.dispose();
    second.session.dispose();
  });

  it('a refine/ from before provenance records is set aside; its topic means are recomputed', async () => {
    const runDir = join(root, 'legacy');
    writeFixtureRun(runDir);
    const model = await fixtureLoader({ runDir } as never);
    const legacy = new LineageStore(join(runDir, 'refine'));
    await legacy.init(model.encoder, 'train/model');
    await legacy.commit(model.encoder, { video: 'test0', topic: 0, topicName: 'dog' });
    model.dispose!();
    writeFileSync(join(runDir, 'refine', 'topic-means.json'), JSON.stringify({ note: 'old', means: [[9, 9, 9, 9, 9, 9], null, null] }));
    const { session, notices, counter } = await open(runDir);
    expect(notices[0]).toMatch(
      /^refine: refine\/ predates provenance records, so which trained model it was taken from is unknown; the old lineage \(2 models, current r0001\) was moved intact to refine\/stale-/,
    );
    expect(counter.applies).toBeGreaterThan(0);
    expect(session.topicMeans()[0]![0]).toBeCloseTo(await expectedMean(runDir, 2.5), 5);
    session.dispose();
  });

  it('a base snapshot without refinements is replaced, not set aside: it holds no work', async () => {
    const runDir = join(root, 'unrefined');
    writeFixtureRun(runDir);
    (await open(runDir)).session.dispose();
    retrainFixtureRun(runDir, 1.2);
    const { session, notices } = await open(runDir);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /^refine: the run's train output [0-9a-f]{12} → [0-9a-f]{12} since the base snapshot was taken; it held no refinements and was replaced by a snapshot of the run's current model\.$/,
    );
    expect(session.setAside).toBeNull();
    expect(staleDirs(runDir)).toEqual([]);
    expect(readdirSync(join(runDir, 'refine')).sort()).toEqual(['models', 'state.json', 'topic-means.json']);
    const base = await loadNamedTensors(join(runDir, 'refine', 'models', BASE_ID, 'encoder'));
    expect(Array.from(base.W!.dataSync())).toEqual(Array.from(fixtureWeights(1.2)['encoder/W']!.values));
    for (const t of Object.values(base)) t.dispose();
    expect(session.topicMeans()[0]![0]).toBeCloseTo(await expectedMean(runDir, 1.2), 5);
    session.dispose();
  });

  it('refuses a run whose train stage is half-written, and a refinement after the run changed under an open session', async () => {
    const runDir = join(root, 'moving');
    writeFixtureRun(runDir);
    const { session } = await open(runDir);
    retrainFixtureRun(runDir, 1.2);
    await expect(session.refine(session.wholeClip('test0'), 'dog')).rejects.toThrow(
      /the run's train output [0-9a-f]{12} → [0-9a-f]{12} after this refine session opened.*Open the run again/,
    );
    expect(session.lineage.list().map((e) => e.id)).toEqual([BASE_ID]);
    session.dispose();

    rmSync(join(runDir, 'train', 'manifest.json'));
    writeFileSync(join(runDir, 'train', '.attempt.json'), JSON.stringify({ inputHash: 'x', startedAt: '2020-01-01T00:00:00.000Z' }));
    await expect(open(runDir)).rejects.toThrow(
      /train has an unfinished attempt .* the "train" stage is running or was interrupted\. Let it finish/,
    );
    expect(tf.memory().numTensors).toBe(0);
  });
});
