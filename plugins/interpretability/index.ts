/** Interpretability scores of a neuron-topic attribution: pure functions, no tensors. */
export { auroc } from './auroc.js';
export { gini, peakedness, topicMeanActivations } from './selectivity.js';
export { pdmConsistency } from './consistency.js';
export { groundTruthAgreement, type GroundTruth, type GroundTruthAgreement } from './ground-truth.js';
export { interpretabilityScores, meanStd, type InterpretabilityScores, type TopicScore } from './scores.js';
