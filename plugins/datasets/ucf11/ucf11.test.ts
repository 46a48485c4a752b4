import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from '../../../core/contracts/dataset.js';
import { encodeNpy } from '../shared/npy.js';
import { loadUcf11, type Ucf11Options } from './load.js';
import { UCF11_ACTIONS } from './scan.js';
import { defaults } from './schema.js';

/** File-name prefixes of the released data (folder `basketball` holds `v_shooting_*`, ...). */
const PREFIX: Record<string, string> = {
  basketball: 'shooting',
  biking: 'biking',
  diving: 'diving',
  golf_swing: 'golf',
  horse_riding: 'riding',
  soccer_juggling: 'juggle',
  swing: 'swing',
  tennis_swing: 'tennis',
  trampoline_jumping: 'jumping',
  volleyball_spiking: 'spiking',
  walking: 'walk_dog',
};

/** A UCF11-shaped tree: 11 actions × 3 groups × 2 clips, Annotation folders, a stray file. */
function fixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'ucf11-'));
  for (const action of UCF11_ACTIONS) {
    const p = PREFIX[action]!;
    mkdirSync(join(root, action, 'Annotation'), { recursive: true });
    writeFileSync(join(root, action, 'Annotation', `v_${p}_01_01.xgtf`), '<viper/>');
    for (let g = 1; g <= 3; g++) {
      const gdir = join(root, action, `v_${p}_${String(g).padStart(2, '0')}`);
      mkdirSync(gdir);
      for (let c = 1; c <= 2; c++) {
        writeFileSync(
          join(gdir, `v_${p}_${String(g).padStart(2, '0')}_${String(c).padStart(2, '0')}.${action === 'walking' ? 'mpg' : 'avi'}`),
          'video',
        );
      }
      writeFileSync(join(gdir, 'Thumbs.db'), '');
    }
  }
  return root;
}

const opts = (o: Partial<Ucf11Options>): Ucf11Options =>
  ({ ...(defaults as Ucf11Options), counts: { train: 33, val: 0, test: 33 }, ...o }) as Ucf11Options;

describe('ucf11', () => {
  it('finds the 66 clips with labels and groups, ignoring Annotation folders', async () => {
    const root = fixture();
    const { videos, info } = await loadUcf11(opts({ root }), 1);
    expect(videos).toHaveLength(66);
    expect(info.labels).toEqual([...UCF11_ACTIONS]);
    const v = videos.find((x) => x.id === 'basketball/v_shooting_02_01')!;
    expect(v.label).toBe('basketball');
    expect(v.source).toEqual({ kind: 'file', path: join(root, 'basketball', 'v_shooting_02', 'v_shooting_02_01.avi') });
    expect(videos.find((x) => x.id === 'walking/v_walk_dog_03_02')!.source).toEqual({
      kind: 'file',
      path: join(root, 'walking', 'v_walk_dog_03', 'v_walk_dog_03_02.mpg'),
    });
    expect(info.skipped).toEqual([
      {
        reason: 'file without a video extension (.avi, .mpg)',
        count: 33,
        examples: expect.arrayContaining([join('basketball', 'v_shooting_01', 'Thumbs.db')]),
      },
    ]);
  });

  it('makes a seeded random split of the requested sizes', async () => {
    const root = fixture();
    const a = await loadUcf11(opts({ root }), 1);
    const b = await loadUcf11(opts({ root }), 1);
    const c = await loadUcf11(opts({ root }), 2);
    const split = (r: typeof a): string[] => r.videos.map((v) => `${v.id}:${v.split}`);
    expect(a.videos.filter((v) => v.split === 'train')).toHaveLength(33);
    expect(a.videos.filter((v) => v.split === 'test')).toHaveLength(33);
    expect(split(b)).toEqual(split(a));
    expect(split(c)).not.toEqual(split(a));
    const pinned = await loadUcf11(opts({ root, seed: 1 }), 2);
    expect(split(pinned)).toEqual(split(a));
    const smaller = await loadUcf11(opts({ root, counts: { train: 20, val: 5, test: 10 } }), 1);
    expect(smaller.videos).toHaveLength(35);
    expect(smaller.info.skipped.find((s) => s.reason === 'beyond the configured split sizes')!.count).toBe(31);
  });

  it('leaves groups out', async () => {
    const root = fixture();
    const { videos } = await loadUcf11(opts({ root, split: 'groups', testGroups: [3], valGroups: [2] }), 1);
    expect(videos.filter((v) => v.split === 'test').every((v) => /_03_\d\d$/.test(v.id))).toBe(true);
    expect(videos.filter((v) => v.split === 'test')).toHaveLength(22);
    expect(videos.filter((v) => v.split === 'val')).toHaveLength(22);
    expect(videos.filter((v) => v.split === 'train')).toHaveLength(22);
    await expect(loadUcf11(opts({ root, split: 'groups', testGroups: [7] }), 1)).rejects.toThrow(
      'ucf11: group 7 (in testGroups/valGroups) has no clips; groups present: 1, 2, 3',
    );
  });

  it('reads features and reports clips without one', async () => {
    const root = fixture();
    const feats = join(root, '..', `${root.split('/').pop()}-feats`);
    mkdirSync(feats);
    // One clip of each class has features (basketball's is v_shooting_01_01), the other 55 not.
    for (const action of UCF11_ACTIONS) {
      const p = PREFIX[action]!;
      writeFileSync(join(feats, `v_${p}_01_01.npy`), encodeNpy(Float32Array.from(action === 'basketball' ? [7, 8, 9] : [1, 2, 3]), [1, 3]));
    }
    const { videos, info } = await loadUcf11(opts({ root, features: feats, counts: { train: 6, val: 0, test: 5 } }), 1);
    expect(videos.map((v) => v.id).sort()).toEqual(UCF11_ACTIONS.map((a) => `${a}/v_${PREFIX[a]}_01_01`).sort());
    const m = await (videos.find((v) => v.label === 'basketball')!.source as { load(): Promise<FeatureMatrix> }).load();
    expect([...m.data]).toEqual([7, 8, 9]);
    expect(info.skipped.find((s) => s.reason === 'feature file missing')).toMatchObject({ count: 55, problem: 'video' });
  });

  it('fails clearly on a wrong root, a split that does not fit and an unknown split name', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ucf11-empty-'));
    mkdirSync(join(empty, 'basketball', 'Annotation'), { recursive: true });
    await expect(loadUcf11(opts({ root: empty }), 1)).rejects.toThrow(
      /no UCF11 clips found\. Expected <root>\/<action>\/<group>\/v_<name>_<group>_<clip>/,
    );
    await expect(loadUcf11(opts({ root: join(empty, 'nope') }), 1)).rejects.toThrow(/nope: cannot list the UCF11 folder/);
    const root = fixture();
    await expect(loadUcf11(opts({ root, counts: { train: 800, val: 0, test: 800 } }), 1)).rejects.toThrow(
      'ucf11: 66 clips cannot fill the random split 800/0/800',
    );
    const splitFile = join(root, 'split.txt');
    writeFileSync(splitFile, 'basketball/v_shooting_01_01 train\nbiking/v_biking_01_01 holdout\n');
    await expect(loadUcf11(opts({ root, split: 'file', splitFile }), 1)).rejects.toThrow(
      `${splitFile}:2: unknown split "holdout" for biking/v_biking_01_01; use train, val or test`,
    );
  });

  it('checks the action folders against the 11 published classes unless the config lists its own', async () => {
    const misspelled = fixture();
    renameSync(join(misspelled, 'basketball'), join(misspelled, 'basketbal'));
    await expect(loadUcf11(opts({ root: misspelled }), 1)).rejects.toThrow(
      `ucf11: the action folders of ${misspelled} do not match the 11 UCF11 classes (${UCF11_ACTIONS.join(', ')}):\n` +
        `  ${join(misspelled, 'basketbal')}: not one of the 11 UCF11 classes; did you mean "basketball"?\n  ${join(misspelled, 'basketball')}: missing (class "basketball")\n` +
        'Rename or remove the odd folders, or list the classes you use in "classes" (dataset.options.classes).',
    );
    const extra = fixture();
    mkdirSync(join(extra, 'juggling', 'v_juggle_01'), { recursive: true });
    writeFileSync(join(extra, 'juggling', 'v_juggle_01', 'v_juggle_01_01.avi'), 'video');
    await expect(loadUcf11(opts({ root: extra }), 1)).rejects.toThrow(`${join(extra, 'juggling')}: not one of the 11 UCF11 classes`);
    // Its own classes: exactly those folders, labels in the listed order.
    const own: string[] = [...UCF11_ACTIONS].reverse();
    own.push('juggling');
    const { videos, info } = await loadUcf11(opts({ root: extra, classes: own, counts: { train: 34, val: 0, test: 33 } }), 1);
    expect(info.labels).toEqual(own);
    expect(videos).toHaveLength(67);
    await expect(loadUcf11(opts({ root: extra, classes: ['biking', 'juggling'] }), 1)).rejects.toThrow(
      `${join(extra, 'basketball')}: not one of the configured classes`,
    );
  });
});
