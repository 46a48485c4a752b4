import { TopiclensError } from '../../../core/errors.js';

/** A video whose features have another size than the majority's. */
export interface OddVideo {
  id: string;
  reason: string;
}

/**
 * The feature size of the run: the one most videos have. Videos of any other size are odd (their
 * file, not the other 39, is what is wrong). A tie has no majority: an error naming both groups.
 * `where(id)` names a video's file for messages.
 */
export function majorityDim(dims: ReadonlyMap<string, number>, where: (id: string) => string): { dim: number; odd: OddVideo[] } {
  const byDim = new Map<number, string[]>();
  for (const [id, d] of dims) {
    const ids = byDim.get(d) ?? [];
    ids.push(id);
    byDim.set(d, ids);
  }
  const groups = [...byDim.entries()].sort((a, b) => b[1].length - a[1].length);
  const [top, second] = groups;
  if (!top) throw new TopiclensError('features: no video has features, so there is no feature size.');
  if (second && second[1].length === top[1].length) {
    const list = groups.map(([d, ids]) => `  size ${d}: ${ids.length} videos (e.g. ${ids.slice(0, 3).map(where).join('; ')})`).join('\n');
    throw new TopiclensError(
      `features: the videos disagree on the feature size and no size has a majority:\n${list}\nMake every file hold features of one size (e.g. all from the same CNN layer).`,
    );
  }
  const [dim, majority] = top;
  const odd: OddVideo[] = [];
  for (const [d, ids] of groups.slice(1)) {
    for (const id of ids)
      odd.push({ id, reason: `Features of video ${where(id)} have size ${d}, but ${majority.length} of ${dims.size} videos have ${dim}.` });
  }
  return { dim, odd };
}
