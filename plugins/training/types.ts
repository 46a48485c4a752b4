import { DIVERGENCE_FACTOR } from './divergence.js';
import type { Decoder } from '../../core/contracts/decoder.js';
import type { Encoder } from '../../core/contracts/encoder.js';
import type { InterpretiveLoss } from '../../core/contracts/interpretive-loss.js';
import type { Logger } from '../../core/logger.js';

/** One video for caption training: its frame features, topic vector and tokenised captions. */
export interface CaptionVideo {
  id: string;
  /** `numFrames × featureDim` frame features, row-major. */
  features: Float32Array;
  /** Topic vector s ∈ {0,1}^numTopics (needed when λ > 0). */
  topics?: Float32Array;
  /** Captions as token ids, WITHOUT <bos>/<eos> (the trainer appends <eos>). */
  captions: number[][];
}

export interface VocabularySpec {
  size: number;
  bosId: number;
  eosId: number;
  padId: number;
}

export interface CaptionData {
  videos: CaptionVideo[];
  numFrames: number;
  featureDim: number;
  numTopics: number;
  vocabulary: VocabularySpec;
  /**
   * Per topic, the token ids of its carry words (core/text/carry-words.ts): a caption carries
   * topic k when one of its tokens is in `topicWords[k]`. Given when the run has topics.
   */
  topicWords?: number[][];
}

/** The model: the three plugin instances the trainer optimises jointly. */
export interface CaptionModel {
  encoder: Encoder;
  decoder: Decoder;
  interpretiveLoss: InterpretiveLoss;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  /** Global-norm gradient clipping threshold (0 = off). */
  clipNorm: number;
  /** Stop after this many epochs without a better validation score (0 = never). */
  patience: number;
  seed: number;
  /** Where `last/` (resumable checkpoint) and `best/` (best model) go; omit for no checkpoints. */
  checkpointDir?: string;
  /** Captions sampled per video each epoch (0 = every caption: one pass over all pairs). */
  captionsPerVideo: number;
  /** Longest target, <eos> included; longer captions are cut (keeping <eos>). */
  maxTokens: number;
  /** Adadelta (Zeiler 2012). */
  rho: number;
  epsilon: number;
  learningRate: number;
  /** After training, put the best-validation weights back into the model (when there was validation). */
  restoreBest: boolean;
  /**
   * Divergence guard: stop when a step's total loss exceeds this many times the first step's (or
   * 1, whichever is larger). 0 = off.
   */
  divergenceFactor?: number;
  /** Decay of the weights' exponential moving average that validation and the final model use (0 = none). */
  weightAverage?: number;
}

export const defaultTrainOptions: TrainOptions = {
  epochs: 20,
  batchSize: 32,
  clipNorm: 10,
  patience: 5,
  seed: 1,
  captionsPerVideo: 0,
  maxTokens: 20,
  rho: 0.95,
  epsilon: 1e-6,
  learningRate: 1,
  restoreBest: true,
  divergenceFactor: DIVERGENCE_FACTOR,
};

/** What `validate` returns: the score early stopping maximises, plus anything to log. */
export interface Validation {
  score: number;
  metrics?: Record<string, number>;
}

export interface EpochReport {
  epoch: number;
  steps: number;
  /** Means over the epoch's steps. */
  taskLoss: number;
  interpretiveLoss: number;
  totalLoss: number;
  gradNorm: number;
  /** Wall-clock seconds: logged, never saved (outputs depend on content only). */
  seconds?: number;
  validation?: Validation;
  best: boolean;
}

export interface TrainResult {
  epochs: EpochReport[];
  /** Epochs completed (including ones done before a resume). */
  completedEpochs: number;
  bestEpoch: number | null;
  bestScore: number | null;
  stoppedEarly: boolean;
  /** Epoch this call resumed after (0 = started fresh). */
  resumedFrom: number;
}

export interface TrainArgs {
  model: CaptionModel;
  data: { train: CaptionData };
  options?: Partial<TrainOptions>;
  /** Validation after each epoch (e.g. BLEU-4 or METEOR on the val split); higher is better. */
  validate?: (epoch: number, model: CaptionModel) => Promise<Validation>;
  onEpoch?: (report: EpochReport) => void | Promise<void>;
  onStep?: (step: number, losses: { task: number; interpretive: number; total: number }) => void;
  logger?: Logger;
}
