import { escapeHtml as h } from '../escape.js';
import { neuronMapRows } from '../extract.js';
import type { RunData } from '../read-run.js';
import { neuronMapSpec } from '../specs.js';
import { details, namingNote, notesOf, table, type Section } from './common.js';

/** The neuron–topic map: PDM's counts as a heatmap, and per topic the neurons it names. */
export function neuronMapSection(runs: readonly RunData[]): Section {
  const rows = neuronMapRows(runs);
  const notes = notesOf(runs, (r) => r.neuronMap);
  const tables: string[] = [];
  for (const run of runs) {
    if (!run.neuronMap.ok) continue;
    const map = run.neuronMap.value;
    notes.push({
      kind: 'info',
      text: `${run.label}: method ${map.method}, ${map.numNeurons} neurons, ${map.cells.length} (neuron, topic) pairs.${map.notes.length ? ` Notes: ${map.notes.join(' ')}` : ''}`,
    });
    const naming = namingNote(run);
    if (naming) notes.push(naming);
    const count = new Map(map.cells.map((c) => [`${c.neuron}:${c.topic}`, c.count]));
    const countOf = (t: number, n: number) => count.get(`${n}:${t}`) ?? 0;
    const own = table(
      ['topic', 'its neurons (times PDM chose each for it)', 'PDM choices for it that went to neurons named by other topics'],
      map.topicNames.map((name, t) => {
        const mine = map.names.ownNeurons[t]!;
        const total = map.cells.filter((c) => c.topic === t).reduce((s, c) => s + c.count, 0);
        const elsewhere = map.cells.filter((c) => c.topic === t && map.names.labelOf[c.neuron] !== t).reduce((s, c) => s + c.count, 0);
        return [
          h(name),
          mine.length ? h(mine.map((n) => `${n} (${countOf(t, n)})`).join(', ')) : '—',
          total ? `${elsewhere} of ${total}` : '—',
        ];
      }),
      'neuron-map',
    );
    // The first run's table open; a compared run's folded (two 40-row tables make a long page).
    tables.push(`<h3>${h(run.label)}</h3>${run === runs[0] ? own : details(`Its ${map.topicNames.length} topics and their neurons`, own)}`);
  }
  return {
    id: 'map',
    title: 'Neuron–topic map',
    lead:
      'How often each neuron was chosen for each topic over the training videos (Eq. 9: the neuron whose removal lowers the topic prediction most). ' +
      "One neuron may be chosen for several topics, but it carries one name: the table lists each topic's own neurons, so every neuron appears once.",
    notes,
    charts: rows.length
      ? [{ id: 'neuron-topic-map', title: 'Neuron–topic counts (hover: the topic that names the neuron)', spec: neuronMapSpec(rows) }]
      : [],
    tables,
    data: rows.length ? [{ name: 'neuron-topic-map', rows }] : [],
  };
}
