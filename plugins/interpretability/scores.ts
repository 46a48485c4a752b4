import type * as tfjs from '@tensorflow/tfjs-core';
import { TopiclensError } from '../../core/errors.js';
import { buildNeuronTopicMap } from '../attributors/neuron-topic-map/build.js';
import { auroc, signAware } from './auroc.js';
import { pdmConsistency } from './consistency.js';
import { argmaxAbs, topicContrasts } from './contrast.js';
import { decodingScores, type DecodingOptions } from './decoding.js';
import { direction as directionOf } from './direction.js';
import { cohensD } from './effect-size.js';
import { groundTruthAgreement, type GroundTruth, type GroundTruthAgreement } from './ground-truth.js';
import { gini, peakedness } from './selectivity.js';

export interface TopicScore {
  topic: number;
  name: string;
  /** The topic's primary own neuron (its one-to-one named neuron from the map videos; -1: none). */
  neuron: number;
  /** Neurons named after this topic, primary first (NeuronTopicMap TopicEntry.ownNeurons). */
  ownNeurons: number[];
  /** Most chosen neuron over the map videos; it may be another topic's name (-1: no map video has the topic). */
  modalNeuron: number;
  /** Share of the topic's (video, topic) pairs on the map videos that chose `modalNeuron`. */
  consistency: number | null;
  /** Does `neuron` rise (+1) or fall (−1) with the topic on the map videos (null: no neuron). */
  direction: 1 | -1 | null;
  /** AUROC of direction·v̄_neuron for s_i on the evaluation videos: the sign-aware detector score. */
  detectorAuroc: number | null;
  /** AUROC of the raw v̄_neuron (below 0.5 for a neuron that falls with its topic). */
  signedAuroc: number | null;
  /** Cohen's d of v̄_neuron between evaluation videos with and without the topic, times `direction`. */
  selectivity: number | null;
  /** peakedness() of c = mean v̄ over evaluation videos with the topic − mean over those without. */
  contrastPeakedness: number | null;
  /** argmax_j |c_j| is one of `ownNeurons`. */
  standsOut: boolean | null;
  /** Evaluation AUROC of logistic regression on the own neurons only / on all neurons (fitted on the map videos). */
  decodingOwn: number | null;
  decodingAll: number | null;
  /** Evaluation videos with / without the topic. */
  positives: number;
  negatives: number;
  /** Of the topic's mean activation vector over evaluation videos that have it. */
  peakedness: number | null;
  gini: number | null;
}

export interface InterpretabilitySummary {
  /** Mean over the scored topics (an own neuron and both classes on the evaluation videos). */
  detectorAuroc: number | null;
  signedAuroc: number | null;
  topicsScored: number;
  /** Topics with both classes on the evaluation videos but no neuron of their own (not in the means). */
  topicsWithoutNeuron: number;
  selectivity: number | null;
  contrastPeakedness: number | null;
  /** Share of the scored topics whose contrast profile peaks at an own neuron. */
  standsOutShare: number | null;
  decodingOwn: number | null;
  decodingAll: number | null;
  consistency: number | null;
  pairs: number;
  groundTruthAgreement: number | null;
  meanPeakedness: number | null;
  meanGini: number | null;
  topicsWithSelectivity: number;
}

export interface InterpretabilityScores {
  perTopic: TopicScore[];
  summary: InterpretabilitySummary;
  groundTruth?: GroundTruthAgreement;
}

const mean = (xs: (number | null)[]): { value: number | null; count: number } => {
  const ok = xs.filter((x): x is number => x !== null);
  return { value: ok.length ? ok.reduce((s, x) => s + x, 0) / ok.length : null, count: ok.length };
};

/** peakedness() needs two neurons; a one-neuron layer has no peak to speak of. */
const peak = (profile: ArrayLike<number>): number | null => (profile.length >= 2 ? peakedness(profile) : null);

const rowsOf = (mask: Uint8Array | undefined, n: number): number[] =>
  Array.from({ length: n }, (_, v) => v).filter((v) => !mask || mask[v]);

/**
 * All interpretability scores of one attribution. `chosen` is the attributor's `[N, K]` output;
 * the neuron–topic map (one name per neuron, PDM consistency) and each neuron's direction come
 * from the `mapMask` videos (the training split), every score from the `evalMask` videos (the
 * test split). Masks default to all videos. Without `tf` the decoding scores are null.
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
  tf?: typeof tfjs;
  decoding?: Partial<DecodingOptions>;
}): InterpretabilityScores {
  const { features, topicVectors, numVideos: n, numNeurons: d, numTopics: k, topicNames, chosen, mapMask, evalMask } = args;
  if (chosen.length !== n * k)
    throw new TopiclensError(`interpretability scores: chosen has ${chosen.length} entries; expected ${n} × ${k}.`);
  if (features.length !== n * d)
    throw new TopiclensError(`interpretability scores: features has ${features.length} values; expected ${n} × ${d}.`);
  if (topicVectors.length !== n * k)
    throw new TopiclensError(`interpretability scores: topicVectors has ${topicVectors.length} values; expected ${n} × ${k}.`);
  const mapChosen = Int32Array.from(chosen, (j, p) => (mapMask && !mapMask[Math.floor(p / k)] ? -1 : j));
  const cons = pdmConsistency(mapChosen, n, k);
  const map = buildNeuronTopicMap({ method: 'scores', chosen: mapChosen, notes: [] }, d, topicNames);
  const ownNeurons = map.topics.map((t) => t.ownNeurons);
  const mapVideos = rowsOf(mapMask, n);
  const evalVideos = rowsOf(evalMask, n);
  const contrasts = topicContrasts(features, topicVectors, n, d, k, evalMask);
  const means = contrasts.map((c) => c.withMean);
  const decoding = args.tf
    ? decodingScores({
        tf: args.tf,
        features,
        topicVectors,
        numVideos: n,
        numNeurons: d,
        numTopics: k,
        ownNeurons,
        fitMask: mapMask,
        evalMask,
        options: args.decoding,
      })
    : undefined;

  const perTopic: TopicScore[] = topicNames.map((name, i) => {
    const own = ownNeurons[i]!;
    const neuron = own[0] ?? -1;
    const { positives, negatives, contrast } = contrasts[i]!;
    const scorable = positives > 0 && negatives > 0;
    const dir =
      neuron >= 0
        ? directionOf(
            Float64Array.from(mapVideos, (v) => features[v * d + neuron]!),
            Uint8Array.from(mapVideos, (v) => topicVectors[v * k + i]!),
          )
        : null;
    const labels = Uint8Array.from(evalVideos, (v) => topicVectors[v * k + i]!);
    const acts = neuron >= 0 ? Float64Array.from(evalVideos, (v) => features[v * d + neuron]!) : undefined;
    const signed = scorable && acts ? auroc(acts, labels) : null;
    const d0 = scorable && acts ? cohensD(acts, labels) : null;
    const m = means[i];
    return {
      topic: i,
      name,
      neuron,
      ownNeurons: own,
      modalNeuron: cons.modal[i]!,
      consistency: cons.perTopic[i]!,
      direction: dir,
      detectorAuroc: dir === null ? null : signAware(signed, dir),
      signedAuroc: signed,
      selectivity: d0 === null || dir === null ? null : d0 * dir,
      contrastPeakedness: contrast ? peak(contrast) : null,
      standsOut: contrast && own.length ? own.includes(argmaxAbs(contrast)) : null,
      decodingOwn: scorable ? (decoding?.own[i] ?? null) : null,
      decodingAll: scorable ? (decoding?.all[i] ?? null) : null,
      positives,
      negatives,
      peakedness: m ? peak(m) : null,
      gini: m ? gini(m) : null,
    };
  });

  let gt: GroundTruthAgreement | undefined;
  if (args.groundTruth) {
    const primary = Int32Array.from(perTopic, (t) => t.neuron);
    gt = groundTruthAgreement({
      features,
      topicVectors,
      numVideos: n,
      numNeurons: d,
      numTopics: k,
      groundTruth: args.groundTruth,
      primary,
      mapMask,
      evalMask,
    });
  }
  const scored = perTopic.filter((t) => t.detectorAuroc !== null);
  const over = (f: (t: TopicScore) => number | null): number | null => mean(scored.map(f)).value;
  const stands = scored.filter((t) => t.standsOut !== null);
  const pk = mean(perTopic.map((t) => t.peakedness));
  return {
    perTopic,
    summary: {
      detectorAuroc: over((t) => t.detectorAuroc),
      signedAuroc: over((t) => t.signedAuroc),
      topicsScored: scored.length,
      topicsWithoutNeuron: perTopic.filter((t) => t.positives > 0 && t.negatives > 0 && t.neuron < 0).length,
      selectivity: over((t) => t.selectivity),
      contrastPeakedness: over((t) => t.contrastPeakedness),
      standsOutShare: stands.length ? stands.filter((t) => t.standsOut).length / stands.length : null,
      decodingOwn: over((t) => t.decodingOwn),
      decodingAll: over((t) => t.decodingAll),
      consistency: cons.overall,
      pairs: cons.pairs,
      groundTruthAgreement: gt?.agreement ?? null,
      meanPeakedness: pk.value,
      meanGini: mean(perTopic.map((t) => t.gini)).value,
      topicsWithSelectivity: pk.count,
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
