import { frameActivationRows, type FrameActivationRow } from '../extract.js';
import type { RunData } from '../read-run.js';
import { frameActivationSpec } from '../specs.js';
import { notesOf, type Note, type Section } from './common.js';

/** Neurons drawn for more than one topic of one video (files made before each neuron had one name). */
function sharedNeurons(run: RunData, rows: readonly FrameActivationRow[]): Note | undefined {
  const topicsOf = new Map<string, Set<string>>();
  for (const r of rows)
    if (r.run === run.label)
      topicsOf.set(`${r.video}\u0000${r.neuron}`, (topicsOf.get(`${r.video}\u0000${r.neuron}`) ?? new Set()).add(r.topicLabel));
  const shared = [...topicsOf]
    .filter(([, t]) => t.size > 1)
    .map(([key, t]) => `neuron ${key.split('\u0000')[1]} for ${[...t].join(' and ')} in ${key.split('\u0000')[0]}`);
  if (shared.length === 0) return undefined;
  return {
    kind: 'info',
    text: `${run.label}: attribute/frame-activations.json was written before each neuron had one name, so one neuron is drawn for several topics (${shared.slice(0, 4).join('; ')}${shared.length > 4 ? '; …' : ''}). Rerun \`topiclens attribute ${run.dir}\` to draw each topic's own neuron.`,
  };
}

/** Fig. 4: topic neurons through the frames of sample test videos. */
export function fig4Section(runs: readonly RunData[]): Section {
  const rows = frameActivationRows(runs);
  const notes = [
    ...notesOf(runs, (r) => r.frameActivations),
    ...runs.map((r) => sharedNeurons(r, rows)).filter((n): n is Note => n !== undefined),
  ];
  return {
    id: 'fig4',
    title: 'Topic neurons through time (Fig. 4)',
    lead:
      'For sample test videos: the activation at every frame (before the mean over frames) of the neuron of each shown topic, the topics the video has first. ' +
      'Line style: solid = the video has the topic (s_i = 1), dashed = it does not, dotted = the file does not say. One colour per topic.',
    notes,
    charts: rows.length
      ? [{ id: 'frame-activations', title: 'Activation of topic neurons per frame', spec: frameActivationSpec(rows) }]
      : [],
    tables: [],
    data: rows.length ? [{ name: 'frame-activations', rows: rows as unknown as Record<string, unknown>[] }] : [],
  };
}
