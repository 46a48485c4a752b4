export * from './types.js';
export { epochPairs, makeBatch, disposeBatch, type Batch, type Pair } from './batches.js';
export { saveCheckpoint, loadCheckpoint, type TrainerState } from './checkpoint.js';
export { saveModel, loadModel, partVariables, type ModelParts } from './model-io.js';
export { trainCaptioner, trainStep, buildCaptionModel } from './train.js';
export { trainingLoss, type LossBatch, type TrainingLoss } from './loss.js';
export { inBatches, runTrainingLoop, type TrainingLoop, type LoopOptions, type LoopWording, type StepLosses } from './loop.js';
