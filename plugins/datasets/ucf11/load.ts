import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetInfo, Split, VideoRecord, VideoSource } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';
import { allowMissingOf, type AllowMissing } from '../shared/allow-missing.js';
import { readFeatureNpy } from '../shared/npy.js';
import { Sfc32Rng } from '../../../core/tensor/rng.js';
import { SkipLog } from '../shared/skipped.js';
import { readSplitFile } from '../shared/split-file.js';
import { scanUcf11, UCF11_ACTIONS } from './scan.js';

export interface Ucf11Options {
  /** Folder holding the 11 action folders (`basketball`, `biking`, ... `walking`). */
  root: string;
  extensions: string[];
  /** Optional folder of precomputed features `<features>/<v_name_GG_CC>.npy` (float32 [frames, dim]). */
  features?: string;
  /** `random`: seeded train/val/test counts (the paper: 800/0/800); `groups`: leave groups out; `file`: a split file. */
  split: 'random' | 'groups' | 'file';
  counts: { train: number; val: number; test: number };
  /** Groups (1–25) held out as test (`groups` split). */
  testGroups: number[];
  /** Groups held out as val (`groups` split). */
  valGroups: number[];
  splitFile?: string;
  /** Split seed (default: the experiment seed). */
  seed?: number;
  /** The class folders, in label order (default: the 11 published UCF11 actions). */
  classes?: string[];
  /** How many lost videos a run accepts (default none). */
  allowMissing?: Partial<AllowMissing>;
}

async function featureFiles(dir: string): Promise<Set<string>> {
  try {
    return new Set(await readdir(dir));
  } catch (e) {
    throw new TopiclensError(`${dir}: cannot list the features folder (${(e as Error).message})`);
  }
}

export async function loadUcf11(o: Ucf11Options, experimentSeed: number): Promise<{ videos: VideoRecord[]; info: DatasetInfo }> {
  const skipped = new SkipLog();
  const classes = o.classes ?? [...UCF11_ACTIONS];
  let clips = await scanUcf11(o.root, o.extensions, skipped, o.classes);
  const scanned = new Set(clips.map((c) => c.id));
  if (clips.length === 0) {
    throw new TopiclensError(
      `${o.root}: no UCF11 clips found. Expected <root>/<action>/<group>/v_<name>_<group>_<clip>(${o.extensions.join('|')}), e.g. basketball/v_shooting_01/v_shooting_01_01.avi.` +
        (skipped.count() ? `\n${skipped.summary()}` : ''),
    );
  }
  if (o.features) {
    const present = await featureFiles(o.features);
    clips = clips.filter((c) => {
      if (present.has(`${c.base}.npy`)) return true;
      skipped.add('feature file missing', join(o.features!, `${c.base}.npy`), 'video');
      return false;
    });
    if (clips.length === 0)
      throw new TopiclensError(
        `${o.features}: none of the UCF11 clips under ${o.root} has a feature file <name>.npy here.\n${skipped.summary()}`,
      );
  }
  const empty = classes.filter((c) => !clips.some((clip) => clip.action === c));
  if (empty.length) {
    throw new TopiclensError(
      `ucf11: no usable clip for the class${empty.length > 1 ? 'es' : ''} ${empty.map((c) => `"${c}" (${join(o.root, c)})`).join(', ')}; a class without videos cannot be learned. ` +
        `Provide its clips${o.features ? ' and feature files' : ''}, or leave it out of "classes".${skipped.count() ? `\n${skipped.summary()}` : ''}`,
    );
  }
  // Label indices follow the class list, not which clips happen to be present.
  const labels = [...classes];

  const splitOf = new Map<string, Split>();
  if (o.split === 'file') {
    if (!o.splitFile) throw new TopiclensError('ucf11: split "file" needs "splitFile"');
    const listed = await readSplitFile(o.splitFile);
    const ids = new Set(clips.map((c) => c.id));
    for (const [id, s] of listed) {
      if (ids.has(id)) splitOf.set(id, s);
      // A clip without its feature file is already counted as missing.
      else if (!scanned.has(id)) skipped.add('split file names a clip that is not in the folder tree', `${id} (${o.splitFile})`, 'video');
    }
    for (const c of clips) if (!listed.has(c.id)) skipped.add('clip not in the split file', c.id);
  } else if (o.split === 'groups') {
    const groups = new Set(clips.map((c) => c.group));
    for (const g of [...o.testGroups, ...o.valGroups]) {
      if (!groups.has(g))
        throw new TopiclensError(
          `ucf11: group ${g} (in testGroups/valGroups) has no clips; groups present: ${[...groups].sort((a, b) => a - b).join(', ')}`,
        );
    }
    for (const g of o.testGroups)
      if (o.valGroups.includes(g)) throw new TopiclensError(`ucf11: group ${g} is in both testGroups and valGroups`);
    for (const c of clips) splitOf.set(c.id, o.testGroups.includes(c.group) ? 'test' : o.valGroups.includes(c.group) ? 'val' : 'train');
  } else {
    const { train, val, test } = o.counts;
    if (clips.length < train + val + (test > 0 ? 1 : 0)) {
      throw new TopiclensError(
        `ucf11: ${clips.length} clips cannot fill the random split ${train}/${val}/${test}; set "counts" to sizes that fit.${skipped.count() ? `\n${skipped.summary()}` : ''}`,
      );
    }
    const shuffled = Sfc32Rng.from(o.seed ?? experimentSeed, 'ucf11-split').shuffle(clips.map((c) => c.id));
    shuffled.forEach((id, i) => {
      if (i < train) splitOf.set(id, 'train');
      else if (i < train + val) splitOf.set(id, 'val');
      else if (i < train + val + test) splitOf.set(id, 'test');
      else skipped.add('beyond the configured split sizes', id);
    });
  }
  const videos: VideoRecord[] = [];
  for (const c of clips) {
    const split = splitOf.get(c.id);
    if (!split) continue;
    const fpath = o.features ? join(o.features, `${c.base}.npy`) : undefined;
    const source: VideoSource = fpath
      ? { kind: 'features', load: () => readFeatureNpy(fpath), path: fpath }
      : { kind: 'file', path: c.path };
    videos.push({ id: c.id, split, captions: [], label: c.action, source });
  }
  for (const s of ['train', 'test'] as const) {
    if (!videos.some((v) => v.split === s))
      throw new TopiclensError(`ucf11: the ${s} split is empty (split "${o.split}"); check the split settings.`);
  }
  return { videos, info: { name: 'ucf11', labels, skipped: skipped.entries(), allowMissing: allowMissingOf(o.allowMissing) } };
}
