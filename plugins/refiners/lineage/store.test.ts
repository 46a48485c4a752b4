import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../../core/tensor/testing/use-backend.js';
import { Eq10Refiner } from '../eq10/refine.js';
import { eq10Defaults } from '../eq10/schema.js';
import { TinyEncoder, testFrames } from '../../../test/support/refiners/tiny-encoder.js';
import { BASE_ID, LineageStore } from './store.js';

const weights = (e: TinyEncoder) =>
  Object.fromEntries(
    Object.entries(e.variables()).map(([n, v]) => [n, Buffer.from((v.dataSync() as Float32Array).buffer).toString('hex')]),
  );
const hashDir = (dir: string): string => {
  const h = createHash('sha256');
  for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
    try {
      h.update(f).update(readFileSync(join(dir, f)));
    } catch {
      /* folder */
    }
  }
  return h.digest('hex');
};

describe('refine lineage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-lineage-'));
  beforeAll(async () => useBackend('cpu'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refinements write new folders with lineage; undo returns to the parent bit-for-bit; the base is never modified', async () => {
    const enc = new TinyEncoder(5, 2);
    enc.build(6);
    const w0 = weights(enc);
    const store = new LineageStore(join(dir, 'refine'));
    expect(await store.init(enc, 'train/model')).toBe(BASE_ID);
    const baseHash = hashDir(join(dir, 'refine', 'models', BASE_ID));
    const refiner = new Eq10Refiner({ ...eq10Defaults, steps: 10, learningRate: 0.05 });
    const req = {
      frames: testFrames(4, 6, 3),
      numFrames: 4,
      frameDim: 6,
      videoId: 'v1',
      topic: 1,
      topicName: 'dog',
      neurons: [2],
      meanActivation: Float32Array.from([0.5]),
    };

    const report = await refiner.refine(enc, req);
    const e1 = await store.commit(enc, { video: 'v1', topic: 1, topicName: 'dog', frames: [0, 4], report });
    const w1 = weights(enc);
    expect(w1).not.toEqual(w0);
    expect(e1).toMatchObject({ id: 'r0001', parent: BASE_ID, video: 'v1', topicName: 'dog' });
    expect(store.entry('r0001').report!.targetDistanceAfter).toBeCloseTo(report.targetDistanceAfter, 6);

    await refiner.refine(enc, { ...req, videoId: 'v2' });
    const e2 = await store.commit(enc, { video: 'v2', topic: 1, topicName: 'dog', report });
    expect(e2.parent).toBe('r0001');
    expect(store.ancestry().map((e) => e.id)).toEqual([BASE_ID, 'r0001', 'r0002']);

    expect((await store.undo(enc)).id).toBe('r0001');
    expect(weights(enc)).toEqual(w1);
    expect((await store.undo(enc)).id).toBe(BASE_ID);
    expect(weights(enc)).toEqual(w0);
    expect(store.current()).toBe(BASE_ID);
    await expect(store.undo(enc)).rejects.toThrow(/Nothing to undo/);

    // Branch after undo; the undone models stay on disk.
    await refiner.refine(enc, { ...req, videoId: 'v3' });
    const e3 = await store.commit(enc, { video: 'v3', topic: 1, topicName: 'dog', report });
    expect(e3).toMatchObject({ id: 'r0003', parent: BASE_ID });
    expect(store.list().map((e) => e.id)).toEqual([BASE_ID, 'r0001', 'r0002', 'r0003']);
    await store.checkout('r0001', enc);
    expect(weights(enc)).toEqual(w1);
    expect(hashDir(join(dir, 'refine', 'models', BASE_ID))).toBe(baseHash);

    // A second store on the same folder sees the same state (restart of the studio).
    expect(new LineageStore(join(dir, 'refine')).current()).toBe('r0001');
    await expect(store.checkout('nope', enc)).rejects.toThrow(/No refined model "nope".*known: base, r0001/);
    enc.dispose();
    expect(tf.memory().numTensors).toBe(0);
  });
});
