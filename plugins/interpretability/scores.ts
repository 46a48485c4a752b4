import { TopiclensError } from '../../core/errors.js';
import { auroc } from './auroc.js';
import { pdmConsistency } from './consistency.js';
import { groundTruthAgreement, type GroundTruth, type GroundTruthAgreement } from './ground-truth.js';
import { gini, peakedness, topicMeanActivations } from './selectivity.js';

export interface TopicScore {
  topic: number;
  name: string;
  /** The topic's modal neuron over the map videos (-1: no map video has the topic). */
  neuron: number;
  /** Share of the topic's (video, topic) pairs on the map videos that chose `neuron`. */
  consistency: number | null;
  /** AUROC of v̄_neuron for detecting the topic on the evaluation videos (null: a class is absent). */
  auroc: number | null;
  positives: number;
  negatives: number;
  /** Of the topic's mean activation vector over evaluation videos that have it. */
  peakedness: number | null;
  gini: number | null;
}

export interface InterpretabilityScores {
  perTopic: TopicScore[];
  summary: {
    meanAuroc: number | null;
    topicsWithAuroc: number;
    meanPeakedness: number | null;
    meanGini: number | null;
    topicsWithSelectivity: number;
    consistency: number | null;
    pairs: number;
    groundTruthAgreement: number | null;
  };
  groundTruth?: GroundTruthAgreement;
}

const mean = (xs: (number | null)[]): { value: number | null; count: number } => {
  const ok = xs.filter((x): x is number => x !== null);
  return { value: ok.length ? ok.reduce((s, x) => s + x, 0) / ok.length : null, count: ok.length };
};

/**
 * All interpretability scores of one attribution. `chosen` is the attributor's `[N, K]` output;
 * the neuron-topic assignment (modal neuron per topic, consistency) comes from the `mapMask`
 * videos (the training split), the detection scores (AUROC, selectivity, ground truth) from the
 * `evalMask` videos (the test split). Masks default to all videos.
 */
export function interpretabilityScores(args: {
  features: Float32Array;
  topicVectors: Uint8Array;
  numVideos: number;
  numNeurons: number;
  numTopics: number;
  topicNames: string[];
  chosen: Int32Array;
  mapMask?: Uint8Array;
  evalMask?: Uint8Array;
  groundTruth?: GroundTruth[];
}): InterpretabilityScores {
  const { features, topicVectors, numVideos: n, numNeurons: d, numTopics: k, topicNames, chosen, mapMask, evalMask } = args;
  if (chosen.length !== n * k) throw new TopiclensError(`interpretability scores: chosen has ${chosen.length} entries; expected ${n} × ${k}.`);
  if (features.length !== n * d) throw new TopiclensError(`interpretability scores: features has ${features.length} values; expected ${n} × ${d}.`);
  const mapChosen = Int32Array.from(chosen, (j, p) => (mapMask && !mapMask[Math.floor(p / k)] ? -1 : j));
  const cons = pdmConsistency(mapChosen, n, k);
  const evalVideos = Array.from({ length: n }, (_, v) => v).filter((v) => !evalMask || evalMask[v]);
  const means = topicMeanActivations(features, topicVectors, n, d, k, evalMask);
  const perTopic: TopicScore[] = topicNames.map((name, i) => {
    const neuron = cons.modal[i]!;
    const labels = evalVideos.map((v) => topicVectors[v * k + i]!);
    const positives = labels.reduce((s: number, x) => s + x, 0);
    const a = neuron >= 0 ? auroc(evalVideos.map((v) => features[v * d + neuron]!), labels) : null;
    const m = means[i];
    return { topic: i, name, neuron, consistency: cons.perTopic[i]!, auroc: a, positives, negatives: labels.length - positives, peakedness: m ? peakedness(m) : null, gini: m ? gini(m) : null };
  });
  let gt: GroundTruthAgreement | undefined;
  if (args.groundTruth) {
    // Label each neuron with its preferred topic over the map videos (count desc, topic asc).
    const counts = new Map<number, Map<number, number>>();
    for (let p = 0; p < mapChosen.length; p++) {
      const j = mapChosen[p]!;
      if (j < 0) continue;
      const m = counts.get(j) ?? new Map<number, number>();
      m.set(p % k, (m.get(p % k) ?? 0) + 1);
      counts.set(j, m);
    }
    const labels = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([neuron, m]) => {
      const [topic] = [...m.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
      return { neuron, topic };
    });
    gt = groundTruthAgreement({ features, topicVectors, numVideos: n, numNeurons: d, numTopics: k, groundTruth: args.groundTruth, labels, mask: evalMask });
  }
  const au = mean(perTopic.map((t) => t.auroc));
  const pk = mean(perTopic.map((t) => t.peakedness));
  return {
    perTopic,
    summary: {
      meanAuroc: au.value,
      topicsWithAuroc: au.count,
      meanPeakedness: pk.value,
      meanGini: mean(perTopic.map((t) => t.gini)).value,
      topicsWithSelectivity: pk.count,
      consistency: cons.overall,
      pairs: cons.pairs,
      groundTruthAgreement: gt?.agreement ?? null,
    },
    ...(gt ? { groundTruth: gt } : {}),
  };
}

/** Mean ± sample standard deviation over runs (e.g. 3 seeds), skipping nulls. */
export function meanStd(values: (number | null)[]): { mean: number | null; std: number | null; n: number } {
  const ok = values.filter((x): x is number => x !== null);
  if (!ok.length) return { mean: null, std: null, n: 0 };
  const m = ok.reduce((s, x) => s + x, 0) / ok.length;
  const std = ok.length > 1 ? Math.sqrt(ok.reduce((s, x) => s + (x - m) ** 2, 0) / (ok.length - 1)) : 0;
  return { mean: m, std, n: ok.length };
}
