import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDataCommand } from '../../../test/support/datasets/run-data-command.js';

/** The msvd and ucf11 plugins through a real config: schema validation, relative paths, describe. */

describe('dataset plugins from a config', () => {
  it('msvd: relative paths resolve against the config folder; skipped rows are reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msvd-cfg-'));
    mkdirSync(join(dir, 'data', 'clips'), { recursive: true });
    const rows = ['VideoID,Start,End,WorkerID,Source,AnnotationTime,Language,Description'];
    for (let i = 0; i < 4; i++) {
      rows.push(`vid${i}xxxxxxx,1,5,1,clean,3,English,"A man, smiling, talks."`, `vid${i}xxxxxxx,1,5,2,clean,3,Italian,un uomo`);
      if (i < 3) writeFileSync(join(dir, 'data', 'clips', `vid${i}xxxxxxx_1_5.avi`), '');
    }
    writeFileSync(join(dir, 'data', 'MSR Video Description Corpus.csv'), rows.join('\n'));
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({
        name: 'm',
        dataset: {
          type: 'msvd',
          options: { csv: 'data/MSR Video Description Corpus.csv', videos: 'data/clips', split: { train: 1, val: 1, test: 1 } },
        },
      }),
    );
    const r = await runDataCommand(['describe', 'c.json'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('videos: 3 (3 file)');
    expect(r.out).toContain('  4 × row not in English');
    expect(r.out).toContain(`  1 × video file missing [lost video] — e.g. ${join(dir, 'data', 'clips', 'vid3xxxxxxx_1_5.avi')}`);
    expect(r.out).toContain('caption length (words): min 4, median 4, mean 4.00, p90 4, max 4');
  });

  it('msvd: the schema rejects a config with neither videos nor features, naming the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msvd-cfg-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ name: 'm', dataset: { type: 'msvd', options: { csv: 'x.csv' } } }));
    await expect(runDataCommand(['describe', 'c.json'], dir)).rejects.toThrow(/\/dataset\/options/);
  });

  it('ucf11: labels from the folder tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ucf-cfg-'));
    for (const [action, prefix] of [
      ['biking', 'biking'],
      ['walking', 'walk_dog'],
    ]) {
      for (let g = 1; g <= 2; g++) {
        const gd = join(dir, 'ucf', action!, `v_${prefix}_0${g}`);
        mkdirSync(gd, { recursive: true });
        writeFileSync(join(gd, `v_${prefix}_0${g}_01.mpg`), '');
      }
    }
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({
        name: 'u',
        dataset: { type: 'ucf11', options: { root: 'ucf', classes: ['biking', 'walking'], split: 'groups', testGroups: [2] } },
      }),
    );
    const r = await runDataCommand(['describe', 'c.json'], dir);
    expect(r.out).toContain('videos: 4 (4 file)');
    expect(r.out).toMatch(/train +2 +0\n/);
    expect(r.out).toMatch(/test +2 +0/);
    expect(r.out).toContain('labels (2):');
    expect(r.out).toContain('  biking                    2  50.0%');
  });
});
