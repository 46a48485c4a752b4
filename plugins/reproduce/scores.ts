import type { InterpretabilitySummary } from '../interpretability/index.js';

/** The figures reproduce puts side by side for LSTM-B and LSTM-I: key as the run's file names it, label, digits. */
export interface ScoreSpec<K extends string> {
  key: K;
  label: string;
  digits: number;
}

/** evaluate/scores.json `corpus` keys (test split). */
export type CaptionScoreKey = 'Bleu_4' | 'METEOR' | 'ROUGE_L' | 'CIDEr';
export const CAPTION_SCORES: ScoreSpec<CaptionScoreKey>[] = [
  { key: 'Bleu_4', label: 'BLEU-4', digits: 3 },
  { key: 'METEOR', label: 'METEOR', digits: 3 },
  { key: 'ROUGE_L', label: 'ROUGE-L', digits: 3 },
  { key: 'CIDEr', label: 'CIDEr', digits: 3 },
];

/** attribute/interpretability.json `summary` keys (scored on the test videos). */
export type InterpretabilityKey = keyof Pick<
  InterpretabilitySummary,
  | 'detectorAuroc'
  | 'signedAuroc'
  | 'selectivity'
  | 'contrastPeakedness'
  | 'standsOutShare'
  | 'decodingOwn'
  | 'decodingAll'
  | 'consistency'
  | 'groundTruthAgreement'
  | 'topicsScored'
  | 'topicsWithoutNeuron'
>;
export const INTERPRETABILITY_SCORES: ScoreSpec<InterpretabilityKey>[] = [
  { key: 'detectorAuroc', label: "detector AUROC (sign-aware, the topic's own neuron; 0.5 = chance)", digits: 3 },
  { key: 'signedAuroc', label: 'signed AUROC (sign-blind, the old score)', digits: 3 },
  { key: 'selectivity', label: "selectivity (Cohen's d, with vs without the topic)", digits: 2 },
  { key: 'contrastPeakedness', label: 'contrast peakedness', digits: 3 },
  { key: 'standsOutShare', label: 'share of topics whose contrast peaks at their own neuron', digits: 3 },
  { key: 'decodingOwn', label: 'decoding AUROC, own neurons only', digits: 3 },
  { key: 'decodingAll', label: 'decoding AUROC, all neurons', digits: 3 },
  { key: 'consistency', label: 'PDM consistency', digits: 3 },
  { key: 'groundTruthAgreement', label: 'ground-truth agreement', digits: 3 },
  { key: 'topicsScored', label: 'topics scored', digits: 1 },
  { key: 'topicsWithoutNeuron', label: 'topics without a neuron of their own', digits: 1 },
];
