import type { NeuronTopicMap } from '../../attributors/index.js';
import type { InterpretabilitySummary, TopicScore } from '../../interpretability/index.js';

/** A summary as read back from another run's interpretability.json: any field may be missing. */
export type SummaryLike = Partial<Record<keyof InterpretabilitySummary, number | null>>;

const fmt = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));

/**
 * The CLI's one-line reading of the interpretability summary, each figure with the baseline's
 * beside it in brackets when a baseline run is known, e.g. `detector AUROC 0.930 [quick-b 0.612]`.
 */
export function formatAttributeSummary(summary: SummaryLike, baseline?: { name: string; summary: SummaryLike }): string {
  const beside = (pick: (s: SummaryLike) => string): string => (baseline ? ` [${baseline.name} ${pick(baseline.summary)}]` : '');
  const figure = (pick: (s: SummaryLike) => string): string => `${pick(summary)}${beside(pick)}`;
  const parts = [
    `detector AUROC ${figure((s) => fmt(s.detectorAuroc))} (sign-aware; 0.5 = chance, 1 = the topic's neuron alone separates the scored videos with/without the topic)`,
    `selectivity d′ ${figure((s) => fmt(s.selectivity, 2))}`,
    `contrast peak at own neuron ${figure((s) => (s.standsOutShare === null || s.standsOutShare === undefined ? 'n/a' : `${Math.round(s.standsOutShare * 100)} %`))}`,
    `decoding own/all ${figure((s) => `${fmt(s.decodingOwn)}/${fmt(s.decodingAll)}`)}`,
  ];
  if (summary.groundTruthAgreement !== null && summary.groundTruthAgreement !== undefined)
    parts.push(`ground-truth agreement ${figure((s) => fmt(s.groundTruthAgreement))}`);
  return parts.join(' · ');
}

/**
 * The neuron list a person reads: one line per topic with a neuron of its own, naming its primary
 * neuron (each neuron appears once), cut at `limit` topics and saying so.
 */
export function formatNeuronList(map: NeuronTopicMap, perTopic: readonly TopicScore[], limit = 12): string[] {
  const named = map.topics.filter((t) => t.ownNeurons.length);
  const shown = named.slice(0, limit);
  const lines = [
    `neurons, one name each (${shown.length < named.length ? `${shown.length} of ${named.length} topics shown` : `${named.length} topics`}; the neuron rises or falls with its topic):`,
    ...shown.map((t) => {
      const s = perTopic[t.topic];
      const more = t.ownNeurons.length > 1 ? `, also ${t.ownNeurons.slice(1, 4).join(', ')}${t.ownNeurons.length > 4 ? ', …' : ''}` : '';
      const how = s?.direction ? `${s.direction > 0 ? 'rises' : 'falls'}; detector ${fmt(s.detectorAuroc, 2)}` : '';
      return `  neuron ${String(t.ownNeurons[0]).padStart(4)} = ${t.name}${how || more ? `  (${[how, more.slice(2)].filter(Boolean).join('; ')})` : ''}`;
    }),
  ];
  const without = map.topics.filter((t) => t.pairs > 0 && !t.ownNeurons.length).map((t) => t.name);
  if (without.length)
    lines.push(
      `  no neuron of its own (every neuron chosen for it is named after another topic): ${without.slice(0, 8).join(', ')}${without.length > 8 ? `, … (${without.length})` : ''}`,
    );
  return lines;
}
