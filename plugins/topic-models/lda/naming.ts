import type { TopicSummary } from '../../../core/contracts/topic-model.js';

/**
 * A crude English stem, enough to group inflections among a topic's top words
 * (dancing, dance, danced, dances → "danc"; walking, walks → "walk"; running → "run").
 */
export function crudeStem(word: string): string {
  let s = word.toLowerCase();
  if (s.length > 5 && s.endsWith('ing')) s = s.slice(0, -3);
  else if (s.length > 4 && s.endsWith('ied')) s = `${s.slice(0, -3)}y`;
  else if (s.length > 4 && s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
  else if (s.length > 4 && s.endsWith('ed')) s = s.slice(0, -2);
  else if (s.length > 4 && s.endsWith('es')) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith('s') && !s.endsWith('ss')) s = s.slice(0, -1);
  if (s.length > 3 && s.endsWith('e')) s = s.slice(0, -1);
  const n = s.length;
  if (n > 3 && s[n - 1] === s[n - 2] && !'lsz'.includes(s[n - 1]!)) s = s.slice(0, -1);
  return s;
}

/**
 * A short label for a topic from its top words: group the words by crude stem, take the group
 * with the most probability mass and name it by its shortest member (ties: the more probable),
 * so `dancing, dance, stage, danced, dances` is labelled `dance`.
 */
export function topicLabel(words: readonly [string, number][]): string {
  const groups = new Map<string, { mass: number; members: [string, number][] }>();
  for (const [w, p] of words) {
    const key = crudeStem(w);
    const g = groups.get(key) ?? { mass: 0, members: [] };
    g.mass += p;
    g.members.push([w, p]);
    groups.set(key, g);
  }
  let best: { mass: number; members: [string, number][] } | undefined;
  for (const g of groups.values()) if (!best || g.mass > best.mass) best = g;
  if (!best) return '';
  let label = best.members[0]![0];
  for (const [w] of best.members) if (w.length < label.length) label = w;
  return label;
}

/**
 * Topic summaries with Table-1 names (`label: w1, w2, w3, w4, w5`). Labels are made unique:
 * a repeated label gets the label of its next word group appended (`man/guitar`), or `#k`.
 */
export function summarizeTopics(
  topicWordCounts: Int32Array,
  K: number,
  vocabulary: readonly string[],
  beta: number,
  topWords: number,
  nameWords = 5,
): TopicSummary[] {
  const V = vocabulary.length;
  const n = Math.min(topWords, V);
  const out: TopicSummary[] = [];
  const used = new Set<string>();
  for (let k = 0; k < K; k++) {
    const row = topicWordCounts.subarray(k * V, (k + 1) * V);
    let total = 0;
    for (let v = 0; v < V; v++) total += row[v]!;
    const den = total + V * beta;
    // Top n by count (ties: lower word id = more frequent word), partial selection.
    const idx: number[] = [];
    for (let v = 0; v < V; v++) {
      if (idx.length < n || row[v]! > row[idx[idx.length - 1]!]!) {
        let pos = idx.length < n ? idx.length : n - 1;
        if (idx.length < n) idx.push(v);
        while (pos > 0 && row[idx[pos - 1]!]! < row[v]!) {
          idx[pos] = idx[pos - 1]!;
          pos--;
        }
        idx[pos] = v;
      }
    }
    const words: [string, number][] = idx.map((v) => [vocabulary[v]!, (row[v]! + beta) / den]);
    let label = topicLabel(words);
    if (used.has(label)) {
      const rest = words.filter(([w]) => crudeStem(w) !== crudeStem(label));
      const second = topicLabel(rest);
      label = second && !used.has(`${label}/${second}`) ? `${label}/${second}` : `${label}#${k}`;
    }
    used.add(label);
    const shown = words.slice(0, nameWords).map(([w]) => w);
    out.push({ id: k, name: `${label}: ${shown.join(', ')}`, words });
  }
  return out;
}

/** The short label of a Table-1 name (`dance: dancing, ...` → `dance`). */
export const labelOf = (name: string): string => {
  const i = name.indexOf(': ');
  return i < 0 ? name : name.slice(0, i);
};
