import type { Dataset, DatasetInfo, Split, VideoRecord } from '../../../core/contracts/dataset.js';
import { TopiclensError } from '../../../core/errors.js';
import { ptbTokenize } from '../../../core/text/ptb-tokenize.js';
import { Vocabulary } from '../../../core/text/vocabulary.js';

export interface SplitCounts {
  split: Split;
  videos: number;
  captions: number;
}

export interface LengthStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p90: number;
  /** `[length in words, number of captions]`, ascending length. */
  histogram: [number, number][];
}

export interface DatasetDescription {
  name: string;
  total: number;
  splits: SplitCounts[];
  sources: Record<string, number>;
  /** Vocabulary of the training captions (all captions if no training split has any) at several min counts. */
  vocabulary: { from: 'train' | 'all' | 'none'; tokens: number; sizes: { minCount: number; size: number }[] };
  captionsPerVideo: { min: number; max: number; mean: number } | undefined;
  captionLength: LengthStats | undefined;
  labels: { name: string; count: number }[];
  /** Ground-truth attribute frequencies (synthetic data), e.g. `object.kind` → [[dog, 412], ...], most frequent first. */
  attributes: Record<string, [string, number][]>;
  skipped: DatasetInfo['skipped'];
}

const SPLITS: Split[] = ['train', 'val', 'test'];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function countInto(map: Map<string, Map<string, number>>, key: string, value: unknown): void {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return;
  let m = map.get(key);
  if (!m) {
    m = new Map();
    map.set(key, m);
  }
  const v = String(value);
  m.set(v, (m.get(v) ?? 0) + 1);
}

/** Frequencies of scalar ground-truth fields, and of scalar fields of each object in `objects`. */
function attributeFrequencies(videos: VideoRecord[]): Record<string, [string, number][]> {
  const map = new Map<string, Map<string, number>>();
  for (const v of videos) {
    const gt = v.groundTruth;
    if (!gt) continue;
    for (const [k, val] of Object.entries(gt)) {
      if (k === 'objects' && Array.isArray(val)) {
        countInto(map, 'objects per video', val.length);
        for (const o of val) {
          if (o && typeof o === 'object') for (const [ok, ov] of Object.entries(o)) countInto(map, `object.${ok}`, ov);
        }
      } else {
        countInto(map, k, val);
      }
    }
  }
  const out: Record<string, [string, number][]> = {};
  for (const [k, m] of map) out[k] = [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return out;
}

/** Load a data set and summarise it: counts, vocabulary, caption lengths, labels, attributes. */
export async function describeDataset(dataset: Dataset, minCounts: number[] = [1, 2, 5]): Promise<DatasetDescription> {
  const { videos, info } = await dataset.load();
  if (videos.length === 0) throw new TopiclensError(`data set "${info.name}" loaded no videos`);
  const splits = SPLITS.map((split) => {
    const vs = videos.filter((v) => v.split === split);
    return { split, videos: vs.length, captions: vs.reduce((a, v) => a + v.captions.length, 0) };
  });
  const sources: Record<string, number> = {};
  for (const v of videos) sources[v.source.kind] = (sources[v.source.kind] ?? 0) + 1;

  const train = videos.filter((v) => v.split === 'train' && v.captions.length > 0);
  const from: 'train' | 'all' | 'none' = train.length > 0 ? 'train' : videos.some((v) => v.captions.length > 0) ? 'all' : 'none';
  const vocabVideos = from === 'train' ? train : videos;
  const tokenized = vocabVideos.flatMap((v) => v.captions.map((c) => ptbTokenize(c)));
  const sizes: { minCount: number; size: number }[] = [];
  for (const minCount of minCounts) {
    try {
      sizes.push({ minCount, size: Vocabulary.fromTokens(tokenized, { minCount }).size });
    } catch {
      sizes.push({ minCount, size: 4 }); // only the special tokens
    }
  }
  const tokens = tokenized.reduce((a, t) => a + t.length, 0);

  const all = videos.flatMap((v) => v.captions.map((c) => ptbTokenize(c).length));
  let captionLength: LengthStats | undefined;
  if (all.length > 0) {
    const sorted = [...all].sort((a, b) => a - b);
    const hist = new Map<number, number>();
    for (const l of all) hist.set(l, (hist.get(l) ?? 0) + 1);
    captionLength = {
      count: all.length,
      min: sorted[0]!,
      max: sorted[sorted.length - 1]!,
      mean: all.reduce((a, b) => a + b, 0) / all.length,
      median: quantile(sorted, 0.5),
      p90: quantile(sorted, 0.9),
      histogram: [...hist.entries()].sort((a, b) => a[0] - b[0]),
    };
  }
  const withCaptions = videos.filter((v) => v.captions.length > 0);
  const perVideo = withCaptions.map((v) => v.captions.length);
  const labelCounts = new Map<string, number>();
  for (const v of videos) if (v.label !== undefined) labelCounts.set(v.label, (labelCounts.get(v.label) ?? 0) + 1);
  const order = info.labels ?? [...labelCounts.keys()].sort();
  return {
    name: info.name,
    total: videos.length,
    splits,
    sources,
    vocabulary: { from, tokens, sizes: from === 'none' ? [] : sizes },
    captionsPerVideo: perVideo.length
      ? { min: Math.min(...perVideo), max: Math.max(...perVideo), mean: perVideo.reduce((a, b) => a + b, 0) / perVideo.length }
      : undefined,
    captionLength,
    labels: order.filter((l) => labelCounts.has(l)).map((name) => ({ name, count: labelCounts.get(name)! })),
    attributes: attributeFrequencies(videos),
    skipped: info.skipped,
  };
}

const pct = (n: number, total: number): string => `${((100 * n) / total).toFixed(1)}%`;

/** Human-readable report of a description. */
export function formatDescription(d: DatasetDescription): string {
  const lines: string[] = [];
  lines.push(`data set: ${d.name}`);
  lines.push(
    `videos: ${d.total} (${Object.entries(d.sources)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')})`,
  );
  lines.push('');
  lines.push('split   videos  captions');
  for (const s of d.splits) lines.push(`${s.split.padEnd(6)}  ${String(s.videos).padStart(6)}  ${String(s.captions).padStart(8)}`);
  if (d.vocabulary.from !== 'none') {
    lines.push('');
    lines.push(
      `vocabulary (${d.vocabulary.from === 'train' ? 'train captions' : 'all captions'}, ${d.vocabulary.tokens} tokens, incl. 4 special tokens): ${d.vocabulary.sizes.map((s) => `${s.size} at min count ${s.minCount}`).join(', ')}`,
    );
  }
  if (d.captionsPerVideo)
    lines.push(
      `captions per video: min ${d.captionsPerVideo.min}, mean ${d.captionsPerVideo.mean.toFixed(1)}, max ${d.captionsPerVideo.max}`,
    );
  if (d.captionLength) {
    const c = d.captionLength;
    lines.push(`caption length (words): min ${c.min}, median ${c.median}, mean ${c.mean.toFixed(2)}, p90 ${c.p90}, max ${c.max}`);
    const peak = Math.max(...c.histogram.map(([, n]) => n));
    for (const [len, n] of c.histogram) {
      lines.push(
        `  ${String(len).padStart(3)} ${'#'.repeat(Math.max(n > 0 ? 1 : 0, Math.round((40 * n) / peak))).padEnd(40)} ${n} (${pct(n, c.count)})`,
      );
    }
  }
  if (d.labels.length) {
    lines.push('');
    lines.push(`labels (${d.labels.length}):`);
    for (const l of d.labels) lines.push(`  ${l.name.padEnd(20)} ${String(l.count).padStart(6)}  ${pct(l.count, d.total)}`);
  }
  const attrs = Object.entries(d.attributes).filter(([k]) => k !== 'label');
  if (attrs.length) {
    lines.push('');
    lines.push('ground-truth attribute frequencies:');
    for (const [k, values] of attrs) {
      const total = values.reduce((a, [, n]) => a + n, 0);
      lines.push(`  ${k}: ${values.map(([v, n]) => `${v} ${n} (${pct(n, total)})`).join(', ')}`);
    }
  }
  if (d.skipped.length) {
    lines.push('');
    lines.push('skipped:');
    for (const s of d.skipped)
      lines.push(
        `  ${s.count} × ${s.reason}${s.problem ? ` [lost ${s.problem}${s.count === 1 ? '' : 's'}]` : ''}${s.examples.length ? ` — e.g. ${s.examples.slice(0, 3).join('; ')}` : ''}`,
      );
  }
  return lines.join('\n');
}
