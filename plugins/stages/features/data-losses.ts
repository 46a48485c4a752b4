import type { DatasetInfo, Split } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';

/** What a run lost of its data: the data set's own problems plus the videos the features stage could not use. */
export interface DataLosses {
  /** Videos lost: missing files, no caption, unreadable or odd features. */
  videos: number;
  /** Caption rows lost: empty, malformed, not UTF-8. */
  captions: number;
  allowed: { videos: number; captions: number };
  /** One line per reason, with count and examples: problems first, then what was left out by design. */
  lines: string[];
}

const example = (examples: string[]): string => (examples.length ? ` (e.g. ${examples.slice(0, 3).join('; ')})` : '');

export function dataLosses(
  info: DatasetInfo,
  unreadable: { id: string; reason: string }[],
  odd: { id: string; reason: string }[],
): DataLosses {
  const problems = info.skipped.filter((s) => s.problem);
  const byDesign = info.skipped.filter((s) => !s.problem);
  const lines = [
    ...problems.map((s) => `${s.count} × ${s.reason} [lost ${s.problem}${s.count > 1 ? 's' : ''}]${example(s.examples)}`),
    ...(unreadable.length
      ? [
          `${unreadable.length} × features unreadable or malformed [lost video${unreadable.length > 1 ? 's' : ''}]${example(unreadable.map((u) => u.reason))}`,
        ]
      : []),
    ...(odd.length
      ? [`${odd.length} × feature size unlike the majority [lost video${odd.length > 1 ? 's' : ''}]${example(odd.map((u) => u.reason))}`]
      : []),
    ...byDesign.map((s) => `${s.count} × ${s.reason} [left out by design]${example(s.examples)}`),
  ];
  const sum = (kind: 'video' | 'caption'): number => problems.filter((s) => s.problem === kind).reduce((n, s) => n + s.count, 0);
  return {
    videos: sum('video') + unreadable.length + odd.length,
    captions: sum('caption'),
    allowed: info.allowMissing ?? { videos: 0, captions: 0 },
    lines,
  };
}

/** Videos per split, as `train 18, val 10, test 2`. */
export function splitCounts(splits: Split[]): Record<Split, number> {
  const counts: Record<Split, number> = { train: 0, val: 0, test: 0 };
  for (const s of splits) counts[s]++;
  return counts;
}

export const formatSplits = (c: Record<Split, number>): string => `train ${c.train}, val ${c.val}, test ${c.test}`;

/**
 * Fail when the run lost more than the config allows (`dataset.options.allowMissing`), listing
 * every reason; the run must not silently go ahead on less data than it was given.
 */
export function checkLosses(losses: DataLosses, datasetType: string, splits: Record<Split, number>): void {
  const over: string[] = [];
  const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`;
  if (losses.videos > losses.allowed.videos) over.push(`${n(losses.videos, 'video')} lost (${losses.allowed.videos} allowed)`);
  if (losses.captions > losses.allowed.captions)
    over.push(`${n(losses.captions, 'caption row')} lost (${losses.allowed.captions} allowed)`);
  if (!over.length) return;
  const allow = JSON.stringify({
    videos: Math.max(losses.videos, losses.allowed.videos),
    captions: Math.max(losses.captions, losses.allowed.captions),
  });
  throw new TopiclensError(
    `the data set (${datasetType}) is missing data: ${over.join(', ')}; the usable videos are ${formatSplits(splits)}.\n` +
      losses.lines.map((l) => `  ${l}`).join('\n') +
      `\nProvide the missing or broken files, or accept the losses explicitly with "allowMissing": ${allow} in dataset.options.`,
  );
}
