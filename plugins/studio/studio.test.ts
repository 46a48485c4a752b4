import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../core/tensor/testing/use-backend.js';
import type { RefineSession } from '../refiners/session/session.js';
import { openFixtureSession, writeFixtureRun } from '../../test/support/refiners/fixture-run.js';
import { writeFixtureManifest } from '../../test/support/refiners/fixture-stages.js';
import { MAX_BODY_BYTES, startStudio, type StudioServer } from './server.js';

interface Res {
  status: number;
  type: string;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: the parsed response body, read field by field in assertions (a wrong shape fails them).
  json: () => any;
}

/** What refining test0 for dog does to the fixture's eight test videos. */
const PROPAGATION = { total: 8, changedOthers: 6, withTopic: 4, carriedBefore: 1, carriedAfter: 4 };

const call = (base: string, path: string, opts: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Res> =>
  new Promise((resolve, reject) => {
    const u = new URL(path, base);
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body, json: () => JSON.parse(body) });
        });
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
const post = (base: string, path: string, body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  call(base, path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });

describe('studio server', () => {
  const root = mkdtempSync(join(tmpdir(), 'tl-studio-'));
  let studio: StudioServer;
  let session: RefineSession;
  let base: string;
  beforeAll(async () => {
    await useBackend('cpu');
    writeFixtureRun(root);
    const options = { mu: 0.01, steps: 40, learningRate: 0.05, optimizer: 'adam' as const };
    session = await openFixtureSession(root, options);
    studio = await startStudio(session, { port: 0 });
    base = studio.url;
  });
  afterAll(async () => {
    await studio.close();
    session.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('listens on loopback and serves its page and the local vega bundles', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await call(base, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/static/vega-lite.min.js">');
    expect(page.body).not.toMatch(/https?:\/\/(?!www\.w3)/);
    const vl = await call(base, '/static/vega-lite.min.js');
    expect(vl.status).toBe(200);
    expect(vl.body).toContain('vegaLite');
  });

  it('run and video endpoints: captions, references, topics present / predicted / missing, heatmap, activations', async () => {
    const run = (await call(base, '/api/run')).json();
    expect(run.testVideos).toHaveLength(8);
    expect(run.topics.map((t: { label: string }) => t.label)).toEqual(['dog', 'car', 'swim']);
    expect(run.topics[0].neurons).toEqual([0]);
    expect(run.topics[0].refineNeurons).toEqual([0]);
    // One name per neuron: 0..2 are named by dog, car, swim; 3..5 by no topic.
    expect(run.neuronNames).toEqual(['dog', 'car', 'swim', null, null, null]);
    expect(run.neuronMap).toContainEqual({ topic: 'car', neuron: 1, named: 'car', count: 10 });
    expect(run.refiner).toEqual({ type: 'eq10', options: { mu: 0.01, steps: 40, learningRate: 0.05, optimizer: 'adam' } });
    const v = (await call(base, '/api/videos/test4')).json();
    expect(v).toMatchObject({ id: 'test4', caption: 'a car and woman', present: [0, 1], predicted: [1], missing: [0], frames: 8 });
    expect(v.heatmap.values).toHaveLength(8);
    expect(v.heatmap.values[0]).toHaveLength(6);
    const a = (await call(base, '/api/videos/test4/activations?topics=dog,1')).json();
    expect(a.series.map((s: { topic: string; neuron: number }) => [s.topic, s.neuron])).toEqual([
      ['dog', 0],
      ['car', 1],
    ]);
    expect(a.series[1].values).toHaveLength(8);
    expect(a.series[1].values[0]).toBeGreaterThan(0.9); // strong car: tanh(2.5·~1)
  });

  it("lists every test video's caption under the current model with the reference topics it misses", async () => {
    const l = (await call(base, '/api/videos')).json();
    expect(l.model).toBe('base');
    expect(l.videos.map((v: { id: string }) => v.id)).toEqual(['test0', 'test1', 'test2', 'test3', 'test4', 'test5', 'test6', 'test7']);
    // Weak topics are not captioned: dog (0) for test0, test4, test7; car (1) for test1; swim (2) for test2.
    expect(l.videos.map((v: { missing: number[] }) => v.missing)).toEqual([[0], [1], [2], [], [0], [], [], [0]]);
    expect(l.videos[4]).toMatchObject({ id: 'test4', caption: 'a car and woman' });
  });

  it('refine changes the caption, says the topic was gained and what the new model did to every caption; undo restores it', async () => {
    const r = (await post(base, '/api/refine', { video: 'test0', topic: 'dog' })).json();
    expect(r).toMatchObject({ before: 'a man', after: 'a dog and man', model: 'r0001', gained: true, advice: { gained: true, tries: [] } });
    expect(r.history.current).toBe('r0001');
    // Correction propagation: the encoder changed for every video; dog's four test videos are all captioned with it now.
    expect(r.propagation).toEqual(PROPAGATION);
    expect((await call(base, '/api/videos')).json()).toMatchObject({ model: 'r0001' });
    expect((await call(base, '/api/videos/test0')).json().caption).toBe('a dog and man');
    const u = (await post(base, '/api/undo', {})).json();
    expect(u.model).toBe('base');
    expect((await call(base, '/api/videos/test0')).json().caption).toBe('a man');
    expect((await post(base, '/api/undo', {})).status).toBe(409);
    expect((await post(base, '/api/checkout', { model: 'r0001' })).json().model).toBe('r0001');
    expect((await post(base, '/api/checkout', { model: 'base' })).json().model).toBe('base');
  });

  it('validates every request: unknown video/topic → 404 with a message, bad bodies → 4xx, wrong Host → 421', async () => {
    const cases: [Promise<Res>, number, RegExp][] = [
      [call(base, '/api/videos/nope'), 404, /unknown test video "nope"/],
      [call(base, '/api/videos/train1'), 404, /unknown test video "train1"/],
      [call(base, '/api/videos/test0/activations?topics=cat'), 404, /Unknown topic "cat"; did you mean "car"/],
      [post(base, '/api/refine', { video: 'test0', topic: 'unicorn' }), 404, /Unknown topic "unicorn"/],
      [post(base, '/api/refine', { video: '../../etc/passwd', topic: 'dog' }), 404, /unknown test video/],
      [post(base, '/api/refine', { topic: 'dog' }), 400, /give a video id/],
      [post(base, '/api/refine', '{not json'), 400, /not a JSON object/],
      [post(base, '/api/refine', '[1]'), 400, /not a JSON object/],
      [post(base, '/api/refine', { video: 'test0', topic: 'dog' }, { 'Content-Type': 'text/plain' }), 415, /application\/json/],
      [post(base, '/api/refine', { video: 'test0', topic: 'dog', pad: 'x'.repeat(MAX_BODY_BYTES) }), 413, /over 16384 bytes/],
      [call(base, '/api/refine'), 405, /GET is not allowed/],
      [call(base, '/../../config.json'), 404, /no such page/],
      [call(base, '/static/../../config.json'), 404, /no such page/],
      [call(base, '/features/features.f32'), 404, /no such page/],
      [call(base, '/api/videos/%E0%A4%A'), 400, /malformed URL/],
      [call(base, '/api/run', { headers: { Host: 'evil.example:80' } }), 421, /unexpected Host header/],
      [post(base, '/api/checkout', { model: '../base' }), 404, /unknown model/],
    ];
    for (const [p, status, message] of cases) {
      const r = await p;
      expect(r.status, r.body).toBe(status);
      expect(r.json().error).toMatch(message);
    }
    // Nothing was refined by the rejected requests.
    expect((await call(base, '/api/history')).json().models.map((m: { id: string }) => m.id)).toEqual(['base', 'r0001']);
  });
});

describe('studio neuron lists on a map with one name per neuron', () => {
  const root = mkdtempSync(join(tmpdir(), 'tl-studio-names-'));
  let studio: StudioServer;
  let session: RefineSession;
  beforeAll(async () => {
    await useBackend('cpu');
    writeFixtureRun(root);
    // PDM chose neuron 3 for dog too, but the attribute stage named it by car: dog's own neuron is 0 only.
    const topics = [
      {
        topic: 0,
        name: 'dog',
        pairs: 14,
        neurons: [
          { neuron: 0, count: 10 },
          { neuron: 3, count: 4 },
        ],
        ownNeurons: [0],
      },
      { topic: 1, name: 'car', pairs: 10, neurons: [{ neuron: 1, count: 10 }], ownNeurons: [1, 3] },
      { topic: 2, name: 'swim', pairs: 10, neurons: [{ neuron: 2, count: 10 }], ownNeurons: [2] },
    ];
    writeFileSync(
      join(root, 'attribute', 'neuron-topic-map.json'),
      JSON.stringify({ method: 'pdm', numNeurons: 6, numTopics: 3, topicNames: ['dog', 'car', 'swim'], topics }),
    );
    writeFixtureManifest(root, 'attribute');
    const options = { mu: 0.01, steps: 40, learningRate: 0.05, optimizer: 'adam' as const };
    session = await openFixtureSession(root, options);
    studio = await startStudio(session, { port: 0 });
  });
  afterAll(async () => {
    await studio.close();
    session.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it("names each neuron once and draws a topic's own neurons only; Eq. 10 raises the neurons named by the topic", async () => {
    const run = (await call(studio.url, '/api/run')).json();
    expect(run.neuronNames).toEqual(['dog', 'car', 'swim', 'car', null, null]);
    expect(run.topics.map((t: { neurons: number[] }) => t.neurons)).toEqual([[0], [1, 3], [2]]);
    // neuron 3 was chosen for dog 4 times but is named car: refining dog leaves it alone.
    expect(run.topics[0].refineNeurons).toEqual([0]);
    expect(run.topics[1].refineNeurons).toEqual([1, 3]);
    const a = (await call(studio.url, '/api/videos/test4/activations?topics=dog,car')).json();
    expect(a.series.map((s: { topic: string; neuron: number }) => [s.topic, s.neuron])).toEqual([
      ['dog', 0],
      ['car', 1],
      ['car', 3],
    ]);
  });
});
