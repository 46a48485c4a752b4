/** Interpretability scores of a neuron-topic attribution: pure functions (decoding runs on a tf passed in). */
export { auroc, aurocFromRanks, midRanks, signAware } from './auroc.js';
export { direction } from './direction.js';
export { cohensD } from './effect-size.js';
export { argmaxAbs, topicContrasts, type TopicContrast } from './contrast.js';
export { decodingScores, DECODING_DEFAULTS, type DecodingOptions, type DecodingScores } from './decoding.js';
export { gini, peakedness } from './selectivity.js';
export { pdmConsistency } from './consistency.js';
export { groundTruthAgreement, type GroundTruth, type GroundTruthAgreement } from './ground-truth.js';
export { interpretabilityScores, meanStd, type InterpretabilityScores, type InterpretabilitySummary, type TopicScore } from './scores.js';
