import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { TopiclensError } from '../../../core/errors.js';
import { closest } from '../../../core/suggest.js';
import type { SkipLog } from '../shared/skipped.js';

/** The 11 action folders of the UCF YouTube Action data set, as released. */
export const UCF11_ACTIONS = [
  'basketball',
  'biking',
  'diving',
  'golf_swing',
  'horse_riding',
  'soccer_juggling',
  'swing',
  'tennis_swing',
  'trampoline_jumping',
  'volleyball_spiking',
  'walking',
] as const;

export interface Ucf11Clip {
  /** `<action>/<file name without extension>`, e.g. `basketball/v_shooting_01_01`. */
  id: string;
  action: string;
  /** Group number (1–25): clips of a group share subject, background or viewpoint. */
  group: number;
  /** File name without extension, e.g. `v_shooting_01_01`. */
  base: string;
  path: string;
}

const FILE = /^v_(.+)_(\d+)_(\d+)$/;
const GROUP_DIR = /^v_(.+)_(\d+)$/;

async function entries(dir: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new TopiclensError(`${dir}: cannot list the UCF11 folder (${(e as Error).message})`);
  }
}

/**
 * The action folders of `root` must be exactly `classes` (the 11 published names unless the config
 * lists its own): a misspelled or extra folder would otherwise become a class of its own, and a
 * missing one would shrink the classifier.
 */
function checkActionFolders(root: string, folders: string[], classes: readonly string[], ownClasses: boolean): void {
  const extra = folders.filter((f) => !classes.includes(f));
  const missing = classes.filter((c) => !folders.includes(c));
  if (!extra.length && !missing.length) return;
  const lines = [
    ...extra.map((f) => {
      const guess = closest(f, missing.length ? missing : classes);
      return `  ${join(root, f)}: not one of the ${ownClasses ? 'configured' : '11 UCF11'} classes${guess ? `; did you mean "${guess}"?` : ''}`;
    }),
    ...missing.map((c) => `  ${join(root, c)}: missing (class "${c}")`),
  ];
  throw new TopiclensError(
    `ucf11: the action folders of ${root} do not match the ${ownClasses ? `configured classes (${classes.join(', ')})` : `11 UCF11 classes (${classes.join(', ')})`}:\n${lines.join('\n')}\n` +
      'Rename or remove the odd folders, or list the classes you use in "classes" (dataset.options.classes).',
  );
}

/**
 * Find the clips of the layout `<root>/<action>/<group dir>/v_<name>_<group>_<clip>.<ext>`
 * (e.g. `basketball/v_shooting_01/v_shooting_01_01.avi`: the file prefix is not always the
 * folder name). `Annotation` folders and other files are skipped and counted; misnamed group
 * folders and videos are counted as lost videos. The action folders must be `classes`.
 */
export async function scanUcf11(root: string, extensions: string[], skipped: SkipLog, classes?: readonly string[]): Promise<Ucf11Clip[]> {
  const clips: Ucf11Clip[] = [];
  const exts = extensions.map((e) => e.toLowerCase());
  const actions = (await entries(root))
    .filter((a) => a.isDirectory() && !a.name.startsWith('.'))
    .sort((x, y) => (x.name < y.name ? -1 : 1));
  for (const a of actions) {
    const actionDir = join(root, a.name);
    for (const g of (await entries(actionDir)).sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const groupDir = join(actionDir, g.name);
      if (!g.isDirectory()) {
        skipped.add('file outside a group folder', relative(root, groupDir));
        continue;
      }
      if (g.name.toLowerCase() === 'annotation') continue; // ViPER annotations, not clips
      const gm = GROUP_DIR.exec(g.name);
      if (!gm) {
        skipped.add('folder not named like a UCF11 group (v_<name>_<NN>)', relative(root, groupDir), 'video');
        continue;
      }
      for (const f of (await entries(groupDir)).sort((x, y) => (x.name < y.name ? -1 : 1))) {
        if (!f.isFile()) continue;
        const dot = f.name.lastIndexOf('.');
        const ext = dot >= 0 ? f.name.slice(dot).toLowerCase() : '';
        const base = dot >= 0 ? f.name.slice(0, dot) : f.name;
        if (!exts.includes(ext)) {
          if (ext !== '.xgtf')
            skipped.add(`file without a video extension (${extensions.join(', ')})`, relative(root, join(groupDir, f.name)));
          continue;
        }
        const m = FILE.exec(base);
        if (!m) {
          skipped.add('video not named v_<name>_<group>_<clip>', relative(root, join(groupDir, f.name)), 'video');
          continue;
        }
        clips.push({ id: `${a.name}/${base}`, action: a.name, group: Number(m[2]), base, path: join(groupDir, f.name) });
      }
    }
  }
  // An empty tree gets the loader's "no clips found" message instead.
  if (clips.length > 0)
    checkActionFolders(
      root,
      actions.map((a) => a.name),
      classes ?? UCF11_ACTIONS,
      classes !== undefined,
    );
  return clips;
}
