import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { rootContainer as container } from '../../../core/container/root-container.js';
import { describe, expect, it } from 'vitest';
import type { Dataset, Split, VideoRecord } from '../../../core/contracts/dataset.js';
import { TOKENS } from '../../../core/contracts/tokens.js';
import type { ExperimentConfig } from '../../../core/config/types.js';
import type { Logger } from '../../../core/logger.js';
import type { StageContext } from '../../../core/plugin/manifest.js';
import { PluginRegistry } from '../../../core/plugin/registry.js';
import { Xorshift128Rng } from '../../../core/tensor/rng.js';
import { createWarpLda } from '../../topic-models/warplda/plugin.js';
import { readTopics } from './read-topics.js';
import { topicsStage, videoDocument } from './stage.js';

const THEMES: Record<string, string[]> = {
  dog: ['A dog is running in the park.', 'The puppy barks at a ball!', 'A small dog is wagging its tail.', 'The dog chases the ball.'],
  guitar: ['A man is playing a guitar.', 'The man plays guitar on stage.', 'A guy strums his guitar.', 'Someone is playing music.'],
  cooking: ['A woman is cooking food.', 'She is slicing onions in the kitchen.', 'A lady cooks pasta.', 'Someone is cutting vegetables.'],
};

function makeVideos(): VideoRecord[] {
  const rng = new Xorshift128Rng(11);
  const themes = Object.keys(THEMES);
  const out: VideoRecord[] = [];
  let n = 0;
  for (const split of ['train', 'val', 'test'] as Split[]) {
    const count = split === 'train' ? 45 : 3;
    for (let i = 0; i < count; i++) {
      const theme = themes[i % themes.length]!;
      const captions = Array.from({ length: 8 }, () => THEMES[theme]![rng.int(4)]!);
      out.push({ id: `vid${n++}`, split, captions, source: { kind: 'file', path: '/dev/null' }, groundTruth: { theme } });
    }
  }
  out.push({ id: 'silent', split: 'train', captions: [], source: { kind: 'file', path: '/dev/null' } });
  return out;
}

function makeContext(dir: string, dataset: Dataset) {
  const records: { event: string; fields?: Record<string, unknown> }[] = [];
  const ticks: number[] = [];
  const logger: Logger = {
    info: () => {},
    warn: (m) => records.push({ event: 'warn', fields: { m } }),
    record: (event, fields) => records.push({ event, fields }),
    progress: (_label, total) => ({ tick: (n = 1) => ticks.push(n), done: () => ticks.push(-total) }),
  };
  const child = container.createChildContainer();
  child.register(TOKENS.dataset, { useValue: dataset });
  child.register(TOKENS.topicModel, {
    useValue: createWarpLda({
      topics: 3,
      iterations: 120,
      seed: 5,
      alpha: 0.1,
      minCount: 1,
      stopwords: 'english',
      occurrence: { minTokens: 2, minShare: 0.1 },
    }),
  });
  const ctx: StageContext = {
    name: 'test',
    config: { name: 'test', seed: 1, backend: 'cpu', plugins: [], runsDir: dir, topicModel: { type: 'warplda' } } as ExperimentConfig,
    options: {},
    configDir: dir,
    runDir: dir,
    dir,
    resuming: false,
    stageDir: (s) => join(dir, '..', s),
    container: child,
    resolve: (t) => child.resolve(t),
    resolveAll: (t) => child.resolveAll(t),
    registry: new PluginRegistry(),
    tf,
    logger,
    seed: 1,
  };
  return { ctx, records, ticks };
}

describe('topics stage', () => {
  it('fits on train captions, infers val/test vectors, writes its eight files atomically', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'topics-stage-'));
    const videos = makeVideos();
    const { ctx, records, ticks } = makeContext(dir, { load: async () => ({ videos, info: { name: 'themes', skipped: [] } }) });
    await topicsStage.run(ctx);

    expect((await readdir(dir)).sort()).toEqual([
      'doc-ids.txt',
      'doc-topic-counts.npy',
      'doc-topics.json',
      'model.json',
      'topic-vectors.json',
      'topic-word-counts.npy',
      'topics.json',
      'vocab.txt',
    ]);
    const iters = records.filter((r) => r.event === 'lda-iteration');
    expect(iters).toHaveLength(120);
    expect(iters[119]!.fields).toMatchObject({ iteration: 120, iterations: 120 });
    expect(ticks.filter((t) => t === 1)).toHaveLength(120);
    expect(records.some((r) => r.event === 'warn' && String(r.fields?.m).includes('silent'))).toBe(true);

    const topics = await readTopics(dir);
    expect(topics.numTopics).toBe(3);
    // each theme's topic is named by one of its words, e.g. "dog: dog, ball, ..."
    const labelOfTheme = (theme: string): number => {
      const ids = videos
        .filter((v) => (v.groundTruth as { theme?: string } | undefined)?.theme === theme && v.split === 'train')
        .map((v) => v.id);
      const hits = new Array(3).fill(0);
      for (const id of ids) {
        topics.vectorOf(id).forEach((s, k) => {
          hits[k] += s;
        });
      }
      return hits.indexOf(Math.max(...hits));
    };
    const themeTopic = Object.keys(THEMES).map(labelOfTheme);
    expect(new Set(themeTopic).size).toBe(3);
    expect(topics.names[themeTopic[0]!]).toMatch(/^(dog|ball|puppy)\b.*dog/);
    expect(topics.names[themeTopic[1]!]).toMatch(/guitar/);
    expect(topics.names[themeTopic[2]!]).toMatch(/cook|food|kitchen|onions|woman/);
    expect(topics.labels[themeTopic[1]!]).toBe(topics.names[themeTopic[1]!]!.split(':')[0]);

    // every video of every split has exactly its theme's topic on
    for (const v of videos) {
      const theme = (v.groundTruth as { theme?: string } | undefined)?.theme;
      const s = topics.vectorOf(v.id);
      const expected = new Uint8Array(3);
      if (theme) expected[themeTopic[Object.keys(THEMES).indexOf(theme)]!] = 1;
      expect(Array.from(s), `${v.id} (${v.split}, ${theme})`).toEqual(Array.from(expected));
    }
    expect(() => topics.vectorOf('nope')).toThrow(/no topic vector for video "nope"/);

    const docTopics = JSON.parse(await readFile(join(dir, 'doc-topics.json'), 'utf8'));
    const test0 = docTopics.docs.find((d: { id: string }) => d.id === videos.find((v) => v.split === 'test')!.id);
    expect(test0).toMatchObject({ split: 'test', inferred: true });
    const model = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(model.docIds).toHaveLength(46);
    const fitted = createWarpLda({}).load(model);
    expect(fitted.topics.map((t) => t.name)).toEqual(topics.names);
  });

  it('tokenizes captions the coco-caption way', () => {
    const v = makeVideos()[0]!;
    expect(videoDocument({ ...v, captions: ["A dog's ball.", 'It RUNS!'] })).toEqual(['a', 'dog', "'s", 'ball', 'it', 'runs']);
  });

  it('refuses data sets without training captions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'topics-stage-'));
    const videos = makeVideos().map((v) => ({ ...v, captions: [] }));
    const { ctx } = makeContext(dir, { load: async () => ({ videos, info: { name: 'x', skipped: [] } }) });
    await expect(topicsStage.run(ctx)).rejects.toThrow(/none of the 46 training videos has caption words/);
    const noTrain = makeVideos().filter((v) => v.split !== 'train');
    const { ctx: ctx2 } = makeContext(dir, { load: async () => ({ videos: noTrain, info: { name: 'x', skipped: [] } }) });
    await expect(topicsStage.run(ctx2)).rejects.toThrow(/none in the train split/);
  });
});
