import { parseSet, type SetOverride } from '../../core/config/set-path.js';
import { hashValue } from '../../core/runner/hash.js';
import { TopiclensError } from '../../core/errors.js';

/** One point of a sweep's grid: the axis values (seed excluded) and the seeds it runs over. */
export interface GridPoint {
  /** `lambda_0.1`: the point's overrides, named for folders and tables. */
  name: string;
  overrides: SetOverride[];
  runs: GridRun[];
}

export interface GridRun {
  /** Folder (and config `name`) of the run: `lambda_0.1__seed_2`. */
  name: string;
  seed: number;
  /** Everything `loadConfig({set})` applies for this run: the point's overrides, then `seed`. */
  set: SetOverride[];
}

const SAFE = /[^A-Za-z0-9.-]+/g;
const valueLabel = (v: unknown): string => {
  const s = (typeof v === 'string' ? v : JSON.stringify(v)).replace(SAFE, '-').replace(/^-+|-+$/g, '');
  return s || 'x';
};

/** The shortest trailing part of each path that tells the axes apart: `interpretiveLoss.options.lambda` → `lambda`. */
export function axisLabels(paths: string[][]): string[] {
  return paths.map((p) => {
    for (let n = 1; n <= p.length; n++) {
      const tail = p.slice(-n).join('.');
      if (paths.every((q) => q === p || q.slice(-n).join('.') !== tail)) return tail.replace(SAFE, '-');
    }
    return p.join('.').replace(SAFE, '-');
  });
}

/**
 * The grid of a sweep: the cartesian product of the axes (each `--set path=v1,v2,…`, first axis
 * slowest), every point run once per seed. Names are unique (a short hash is added when two
 * values only differ in characters a folder name cannot hold).
 */
export function expandGrid(axes: SetOverride[][], seeds: number[]): GridPoint[] {
  const paths = axes.map((a) => a[0]!.path);
  const joined = paths.map((p) => p.join('.'));
  for (const [i, p] of joined.entries()) {
    if (joined.indexOf(p) !== i)
      throw new TopiclensError(`topiclens sweep: --set ${p} is given twice; list all its values in one --set ${p}=v1,v2,…`, 2);
    if (p === 'seed')
      throw new TopiclensError('topiclens sweep: the seeds are an axis of their own: use --seeds 1,2,3 instead of --set seed=….', 2);
    if (p === 'name' || p === 'runsDir')
      throw new TopiclensError(
        `topiclens sweep: --set ${p} cannot be swept (the sweep names each run's folder); use --out for where the sweep goes.`,
        2,
      );
  }
  if (!seeds.length) throw new TopiclensError('topiclens sweep: --seeds lists no seed.', 2);
  const labels = axisLabels(paths);
  let combos: SetOverride[][] = [[]];
  for (const axis of axes) combos = combos.flatMap((c) => axis.map((o) => [...c, o]));
  const names = new Set<string>();
  return combos.map((overrides) => {
    let name = overrides.map((o, i) => `${labels[i]}_${valueLabel(o.value)}`).join('__') || 'base';
    if (names.has(name)) name = `${name}-${hashValue(overrides.map((o) => o.value)).slice(0, 6)}`;
    names.add(name);
    const runs = seeds.map((seed) => ({ name: `${name}__seed_${seed}`, seed, set: [...overrides, parseSet(`seed=${seed}`)] }));
    return { name, overrides, runs };
  });
}

/** `1,2,3` → [1, 2, 3] (positive integers, no repeats). */
export function parseSeeds(text: string): number[] {
  const seeds = text.split(',').map((s) => s.trim());
  const out = seeds.map((s) => {
    const n = Number(s);
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(n))
      throw new TopiclensError(`topiclens sweep: --seeds "${text}": "${s}" is not a non-negative integer; write e.g. --seeds 1,2,3.`, 2);
    return n;
  });
  if (new Set(out).size !== out.length) throw new TopiclensError(`topiclens sweep: --seeds "${text}" lists a seed twice.`, 2);
  return out;
}
