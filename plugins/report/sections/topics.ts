import { escapeHtml as h } from '../escape.js';
import { topicRows } from '../extract.js';
import type { RunData } from '../read-run.js';
import { namingNote, notesOf, table, type Section } from './common.js';

/** Table 1: the topics of the first run, their top words, videos and own neurons. */
export function topicsSection(runs: readonly RunData[]): Section {
  const main = runs[0]!;
  const rows = topicRows(main);
  const notes = notesOf([main], (r) => r.topics);
  if (main.topics.ok) notes.push(...notesOf([main], (r) => r.topicVideos), ...notesOf([main], (r) => r.neuronMap));
  const naming = namingNote(main);
  if (naming) notes.push(naming);
  return {
    id: 'topics',
    title: 'Topics (Table 1)',
    lead: `The topics of ${main.label}: each topic's name and its most probable words, how many videos have it (s_i = 1), and the neurons named by it (each neuron carries one topic's name).`,
    notes,
    charts: [],
    tables: rows.length
      ? [
          table(
            ['#', 'topic', 'top words', 'videos (all splits)', 'its neurons'],
            rows.map((r) => [String(r.topic), h(r.name), h(r.topWords), r.videos === null ? '—' : String(r.videos), h(r.neurons || '—')]),
            'topics',
          ),
        ]
      : [],
    data: rows.length ? [{ name: 'topics', rows: rows as unknown as Record<string, unknown>[] }] : [],
  };
}
