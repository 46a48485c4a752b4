import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../core/contracts/dataset.js';
import { describeDataset, formatDescription } from './describe.js';
import { runDataCommand } from '../../../test/support/datasets/run-data-command.js';

const tiny: Dataset = {
  load: async () => ({
    videos: [
      {
        id: 'a',
        split: 'train',
        captions: ['A dog runs.', 'The dog runs fast'],
        label: 'run',
        source: { kind: 'file', path: 'a.avi' },
        groundTruth: { scene: 'field', objects: [{ kind: 'dog', colour: 'red' }] },
      },
      {
        id: 'b',
        split: 'train',
        captions: ['A cat sits'],
        label: 'sit',
        source: { kind: 'file', path: 'b.avi' },
        groundTruth: {
          scene: 'room',
          objects: [
            { kind: 'cat', colour: 'red' },
            { kind: 'dog', colour: 'blue' },
          ],
        },
      },
      {
        id: 'c',
        split: 'test',
        captions: ['a dog'],
        label: 'run',
        source: { kind: 'file', path: 'c.avi' },
        groundTruth: { scene: 'field', objects: [{ kind: 'dog', colour: 'red' }] },
      },
    ],
    info: { name: 'tiny', labels: ['run', 'sit'], skipped: [{ reason: 'video file missing', count: 2, examples: ['x.avi', 'y.avi'] }] },
  }),
};

describe('describeDataset', () => {
  it('counts splits, vocabulary, caption lengths, labels and attributes', async () => {
    const d = await describeDataset(tiny);
    expect(d.total).toBe(3);
    expect(d.splits).toEqual([
      { split: 'train', videos: 2, captions: 3 },
      { split: 'val', videos: 0, captions: 0 },
      { split: 'test', videos: 1, captions: 1 },
    ]);
    expect(d.sources).toEqual({ file: 3 });
    // train tokens: a dog runs | the dog runs fast | a cat sits → 10 tokens; words a:2 dog:2 runs:2 the cat sits fast
    expect(d.vocabulary).toEqual({
      from: 'train',
      tokens: 10,
      sizes: [
        { minCount: 1, size: 11 },
        { minCount: 2, size: 7 },
        { minCount: 5, size: 4 },
      ],
    });
    expect(d.captionLength).toEqual({
      count: 4,
      min: 2,
      max: 4,
      mean: 3,
      median: 3,
      p90: 4,
      histogram: [
        [2, 1],
        [3, 2],
        [4, 1],
      ],
    });
    expect(d.captionsPerVideo).toEqual({ min: 1, max: 2, mean: 4 / 3 });
    expect(d.labels).toEqual([
      { name: 'run', count: 2 },
      { name: 'sit', count: 1 },
    ]);
    expect(d.attributes).toEqual({
      scene: [
        ['field', 2],
        ['room', 1],
      ],
      'objects per video': [
        ['1', 2],
        ['2', 1],
      ],
      'object.kind': [
        ['dog', 3],
        ['cat', 1],
      ],
      'object.colour': [
        ['red', 3],
        ['blue', 1],
      ],
    });
    const text = formatDescription(d);
    expect(text).toContain('train        2         3');
    expect(text).toContain(
      'vocabulary (train captions, 10 tokens, incl. 4 special tokens): 11 at min count 1, 7 at min count 2, 4 at min count 5',
    );
    expect(text).toContain('caption length (words): min 2, median 3, mean 3.00, p90 4, max 4');
    expect(text).toContain('    3 ######################################## 2 (50.0%)');
    expect(text).toContain('  object.kind: dog 3 (75.0%), cat 1 (25.0%)');
    expect(text).toContain('  2 × video file missing — e.g. x.avi; y.avi');
  });

  it('rejects an empty data set', async () => {
    await expect(describeDataset({ load: async () => ({ videos: [], info: { name: 'empty', skipped: [] } }) })).rejects.toThrow(
      'data set "empty" loaded no videos',
    );
  });
});

describe('topiclens data describe', () => {
  it('describes the synthetic data set named in a config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'data-cmd-'));
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({
        name: 'd',
        seed: 3,
        dataset: { type: 'synthetic-clips', options: { counts: { train: 40, val: 5, test: 10 }, featureDim: 16 } },
      }),
    );
    const r = await runDataCommand(['describe', 'c.json'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('data set: synthetic-clips');
    expect(r.out).toContain('videos: 55 (55 features)');
    expect(r.out).toMatch(/train +40 +\d+/);
    expect(r.out).toMatch(/labels \(\d+\):\n {2}still +\d+/);
    expect(r.out).toMatch(/object\.kind: dog \d+/);
    const j = await runDataCommand(['describe', 'c.json', '--json', '--min-count', '3'], dir);
    const d = JSON.parse(j.out);
    expect(d.total).toBe(55);
    expect(d.vocabulary.sizes.map((s: { minCount: number }) => s.minCount)).toEqual([1, 2, 5, 3]);
  });

  it('rejects a missing subcommand and a bad --min-count', async () => {
    await expect(runDataCommand([], '/tmp')).rejects.toThrow(
      'topiclens data: unknown subcommand (none); use `topiclens data describe <config>`',
    );
    await expect(runDataCommand(['describe', 'x.json', '--min-count', 'zero'], '/tmp')).rejects.toThrow(
      '--min-count must be a whole number ≥ 1, found "zero"',
    );
  });
});
