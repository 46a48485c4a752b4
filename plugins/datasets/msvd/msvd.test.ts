import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from '../../../core/contracts/dataset.js';
import { encodeNpy } from '../shared/npy.js';
import { loadMsvd, type MsvdOptions } from './load.js';
import { defaults } from './schema.js';
import { msvdFeatureFixture } from '../../../test/support/datasets/msvd-fixture.js';

const HEADER = 'VideoID,Start,End,WorkerID,Source,AnnotationTime,Language,Description';

/** A fixture in the released format: CRLF lines, RFC 4180 quoting, several languages. */
function fixture(): { dir: string; csv: string; videos: string } {
  const dir = mkdtempSync(join(tmpdir(), 'msvd-'));
  const rows = [
    HEADER,
    'mv89psg6zh4,33,46,1,clean,16,English,A bird in a sink keeps getting under the running water from a faucet.',
    'mv89psg6zh4,33,46,2,unverified,10,Spanish,un pájaro en el fregadero',
    'mv89psg6zh4,33,46,3,clean,12,English,"A bird, wet, is bathing."',
    '-4wsuPCjDBc,5,15,4,clean,9,English,"A man says ""hello"" to a dog."',
    '-4wsuPCjDBc,5,15,5,clean,9,German,Ein Mann',
    '-4wsuPCjDBc,5,15,6,clean,9,English,"A man is playing\r\nwith a dog."',
    'ZZ9aAbcdEf0,1,7,7,clean,9,English,Someone slices an onion.',
    'abc_-def012,100,120,8,clean,9,English,A cat plays the piano.',
    'abc_-def012,100,120,9,clean,9,English,', // empty description
    'nofile00000,0,4,10,clean,9,English,This clip has no video file.',
    'broken,row,with,too,few', // malformed: 5 fields
    'badtime0000,x,4,11,clean,9,English,Bad start time.',
    'onlyfrench0,2,9,12,clean,9,French,seulement en français',
  ];
  const csv = join(dir, 'MSR Video Description Corpus.csv');
  writeFileSync(csv, `${rows.join('\r\n')}\r\n`);
  const videos = join(dir, 'YouTubeClips');
  mkdirSync(videos);
  for (const clip of ['mv89psg6zh4_33_46', '-4wsuPCjDBc_5_15', 'ZZ9aAbcdEf0_1_7', 'abc_-def012_100_120', 'onlyfrench0_2_9']) {
    writeFileSync(join(videos, `${clip}.avi`), 'not really a video');
  }
  return { dir, csv, videos };
}

const options = (o: Partial<MsvdOptions>): MsvdOptions =>
  ({ ...(defaults as MsvdOptions), split: { train: 2, val: 1, test: 1 }, ...o }) as MsvdOptions;

describe('msvd', () => {
  it('reads English rows with quoting, numbers clips in sorted order, splits and reports what it skipped', async () => {
    const f = fixture();
    const { videos, info } = await loadMsvd(options({ csv: f.csv, videos: f.videos }));
    // Sorted (byte order): '-' < 'Z' < 'a' < 'm'.
    expect(videos.map((v) => v.id)).toEqual(['-4wsuPCjDBc_5_15', 'ZZ9aAbcdEf0_1_7', 'abc_-def012_100_120', 'mv89psg6zh4_33_46']);
    expect(videos.map((v) => v.split)).toEqual(['train', 'train', 'val', 'test']);
    expect(videos[0]!.captions).toEqual(['A man says "hello" to a dog.', 'A man is playing\r\nwith a dog.']);
    expect(videos[3]!.captions).toEqual([
      'A bird in a sink keeps getting under the running water from a faucet.',
      'A bird, wet, is bathing.',
    ]);
    expect(videos[0]!.source).toEqual({ kind: 'file', path: join(f.videos, '-4wsuPCjDBc_5_15.avi') });
    const skipped = Object.fromEntries(info.skipped.map((s) => [s.reason, s.count]));
    expect(skipped).toEqual({
      'row not in English': 3,
      'empty description': 1,
      'malformed csv row': 2,
      'video file missing': 1,
      'video file with no English description in the csv': 1,
    });
    expect(info.skipped.find((s) => s.reason === 'video file with no English description in the csv')!.examples).toEqual([
      join(f.videos, 'onlyfrench0_2_9.avi'),
    ]);
    const malformed = info.skipped.find((s) => s.reason === 'malformed csv row')!;
    // Line numbers count the physical lines (the quoted newline on line 7 makes the csv one line longer).
    expect(malformed.examples).toEqual([
      `${f.csv}:13: expected 8 fields, found 5`,
      `${f.csv}:14: Start/End must be whole seconds, found "x"/"4"`,
    ]);
    expect(info.skipped.find((s) => s.reason === 'video file missing')!.examples).toEqual([join(f.videos, 'nofile00000_0_4.avi')]);
  });

  it('orders by first appearance in the csv when asked, and gives vid ids', async () => {
    const f = fixture();
    const { videos } = await loadMsvd(options({ csv: f.csv, videos: f.videos, ordering: 'csv', ids: 'vid' }));
    expect(videos.map((v) => v.id)).toEqual(['vid1', 'vid2', 'vid3', 'vid4']);
    expect(videos[0]!.captions[0]).toMatch(/^A bird in a sink/);
  });

  it('follows a youtube_mapping.txt: missing clips do not shift the vid numbers', async () => {
    const f = fixture();
    const mapping = join(f.dir, 'youtube_mapping.txt');
    writeFileSync(
      mapping,
      [
        '-4wsuPCjDBc_5_15 vid1',
        'nofile00000_0_4 vid2',
        'ZZ9aAbcdEf0_1_7 vid3',
        'mv89psg6zh4_33_46 vid4',
        'abc_-def012_100_120 vid5',
        '',
      ].join('\n'),
    );
    const { videos, info } = await loadMsvd(
      options({ csv: f.csv, videos: f.videos, mapping, ids: 'vid', split: { train: 2, val: 1, test: 2 } }),
    );
    expect(videos.map((v) => [v.id, v.split])).toEqual([
      ['vid1', 'train'],
      ['vid3', 'val'],
      ['vid4', 'test'],
      ['vid5', 'test'],
    ]);
    expect(info.skipped.find((s) => s.reason === 'video file missing')!.count).toBe(1);
  });

  it('reads precomputed .npy features', async () => {
    const f = fixture();
    const feats = join(f.dir, 'features');
    mkdirSync(feats);
    for (const [i, clip] of ['mv89psg6zh4_33_46', '-4wsuPCjDBc_5_15', 'ZZ9aAbcdEf0_1_7', 'abc_-def012_100_120'].entries()) {
      writeFileSync(join(feats, `${clip}.npy`), encodeNpy(Float32Array.from([i, i + 0.5, i + 1, i + 1.5]), [2, 2]));
    }
    const { videos } = await loadMsvd(options({ csv: f.csv, features: feats }));
    expect(videos).toHaveLength(4);
    const m = await (videos[0]!.source as { load(): Promise<FeatureMatrix> }).load();
    expect([m.frames, m.dim, ...m.data]).toEqual([2, 2, 1, 1.5, 2, 2.5]);
  });

  it('applies a split file and rejects unknown split names with file and line', async () => {
    const f = fixture();
    const good = join(f.dir, 'split.txt');
    writeFileSync(good, '# my split\nmv89psg6zh4_33_46 test\n-4wsuPCjDBc_5_15 train\nZZ9aAbcdEf0_1_7 validation\n');
    const { videos, info } = await loadMsvd(options({ csv: f.csv, videos: f.videos, splitFile: good }));
    expect(videos.map((v) => [v.id, v.split])).toEqual([
      ['-4wsuPCjDBc_5_15', 'train'],
      ['ZZ9aAbcdEf0_1_7', 'val'],
      ['mv89psg6zh4_33_46', 'test'],
    ]);
    expect(info.skipped.find((s) => s.reason === 'clip not in the split file')!.examples).toEqual(['abc_-def012_100_120']);
    const bad = join(f.dir, 'bad-split.txt');
    writeFileSync(bad, 'mv89psg6zh4_33_46 test\n-4wsuPCjDBc_5_15 training\n');
    await expect(loadMsvd(options({ csv: f.csv, videos: f.videos, splitFile: bad }))).rejects.toThrow(
      `${bad}:2: unknown split "training" for -4wsuPCjDBc_5_15; use train, val or test`,
    );
  });

  it('fails clearly: strict mode, no videos at all, a split that cannot be filled, a bad header', async () => {
    const f = fixture();
    await expect(loadMsvd(options({ csv: f.csv, videos: f.videos, strict: true }))).rejects.toThrow(
      `${f.csv}:13: expected 8 fields, found 5`,
    );
    const empty = join(f.dir, 'empty');
    mkdirSync(empty);
    await expect(loadMsvd(options({ csv: f.csv, videos: empty }))).rejects.toThrow(
      /no usable clip: none of the 5 clips described in .* has a video file in .*empty[\s\S]*5 × video file missing/,
    );
    await expect(loadMsvd(options({ csv: f.csv, videos: f.videos, split: { train: 1200, val: 100, test: 670 } }))).rejects.toThrow(
      /the val split is empty: only 4 usable clips for split sizes 1200\/100\/670/,
    );
    const headerless = join(f.dir, 'h.csv');
    writeFileSync(headerless, 'VideoID,Start,End,Description\nx,1,2,hi\n');
    await expect(loadMsvd(options({ csv: headerless, videos: f.videos }))).rejects.toThrow(
      `${headerless}:1: the header has no column "WorkerID"`,
    );
    await expect(loadMsvd(options({ csv: join(f.dir, 'nope.csv'), videos: f.videos }))).rejects.toThrow(
      /nope\.csv: cannot read the MSVD corpus/,
    );
    await expect(loadMsvd(options({ csv: f.csv }))).rejects.toThrow(/set exactly one of "videos".*or "features"/);
  });

  it('reports caption rows that are not valid UTF-8 with file:line instead of turning them into U+FFFD', async () => {
    const bad = Buffer.concat([Buffer.from('at a caf'), Buffer.from([0xe9]), Buffer.from('."')]); // Latin-1 é
    const f = msvdFeatureFixture({
      clips: 4,
      extraRows: ['clip02,1,5,9,clean,9,English,"A man', bad, 'clip03,1,5,9,clean,9,English,Fine and good.'],
    });
    const o = options({ csv: f.csv, features: f.features, split: { train: 2, val: 1, test: 1 } });
    const { videos, info } = await loadMsvd(o);
    // The bad byte is on line 11, the second line of the quoted record that starts on line 10.
    const entry = info.skipped.find((s) => s.reason === 'caption row not valid UTF-8')!;
    expect(entry).toEqual({
      reason: 'caption row not valid UTF-8',
      count: 1,
      problem: 'caption',
      examples: [`${f.csv}:11: the row holds bytes that are not valid UTF-8 (re-save the file as UTF-8)`],
    });
    expect(videos.flatMap((v) => v.captions).some((c) => c.includes('\ufffd'))).toBe(false);
    expect(videos.find((v) => v.id === 'clip03_1_5')!.captions).toContain('Fine and good.');
    await expect(loadMsvd({ ...o, strict: true })).rejects.toThrow(`${f.csv}:11: the row holds bytes that are not valid UTF-8`);
  });
});
