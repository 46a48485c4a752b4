import { BiLstmEncoder } from '../../../plugins/encoders/bilstm/bilstm.js';
import { defaults as encDefaults } from '../../../plugins/encoders/bilstm/schema.js';
import { AttentionLstmDecoder } from '../../../plugins/decoders/attention-lstm/decoder.js';
import { defaults as decDefaults } from '../../../plugins/decoders/attention-lstm/schema.js';
import { L2InterpretiveLoss } from '../../../plugins/interpretive-losses/l2/l2.js';
import { defaults as l2Defaults } from '../../../plugins/interpretive-losses/l2/schema.js';
import { Rng } from '../../../core/tensor/rng.js';
import { MlpClassifier } from '../../../plugins/decoders/mlp-classifier/classifier.js';
import { defaults as mlpDefaults } from '../../../plugins/decoders/mlp-classifier/schema.js';
import type { LabelSet } from '../../../plugins/stages/transfer/label-data.js';
import type { ClassifierTrainOptions, TransferModel } from '../../../plugins/stages/transfer/train-classifier.js';
import type { CaptionData, CaptionModel } from '../../../plugins/training/types.js';

/**
 * A tiny synthetic captioning task for tests: each video's frames carry a class signal; its
 * captions name the class ("a <class> <verb>"), and its topic vector is the class one-hot.
 */
export function tinyData(videos = 12, seed = 1): CaptionData {
  const rng = new Rng(seed);
  const n = 3;
  const F = 5;
  const classes = 3;
  // ids: 0 pad, 1 bos, 2 eos, 3 "a", 4..6 class words, 7..8 verbs
  return {
    numFrames: n,
    featureDim: F,
    numTopics: classes,
    vocabulary: { size: 9, bosId: 1, eosId: 2, padId: 0 },
    videos: Array.from({ length: videos }, (_, i) => {
      const k = i % classes;
      const features = new Float32Array(n * F).map((_, j) => (j % F === k ? 2 : 0) + 0.3 * rng.normal());
      const topics = new Float32Array(classes);
      topics[k] = 1;
      return {
        id: `v${i}`,
        features,
        topics,
        captions: [
          [3, 4 + k, 7],
          [3, 4 + k, 8],
          [4 + k, 7 + (i % 2)],
        ],
      };
    }),
  };
}

export function tinyModel(seed = 3, dropout = 0.2): CaptionModel {
  return {
    encoder: new BiLstmEncoder({ ...encDefaults, units: 4, dropout }, seed),
    decoder: new AttentionLstmDecoder({ ...decDefaults, units: 6, attentionUnits: 3, embeddingSize: 4, dropout, maxLength: 5 }, seed + 1),
    interpretiveLoss: new L2InterpretiveLoss({ ...l2Defaults, hidden: 4, dropout }, seed + 2),
  };
}

/** `n` videos v0, v1, … of 3 frames × 5 standard-normal features (drawn from Rng(`seed`) video by video), labels i mod 3. */
export function tinyLabelSet(n: number, seed: number): LabelSet {
  const rng = new Rng(seed);
  const ids = Array.from({ length: n }, (_, i) => `v${i}`);
  const frames = new Map(ids.map((id) => [id, Float32Array.from({ length: 3 * 5 }, () => rng.normal())]));
  return { ids, labels: Int32Array.from(ids, (_, i) => i % 3), numFrames: 3, featureDim: 5, frames: (id) => frames.get(id)! };
}

/** A bilstm (3 units, seeded `seed`) + mlp-classifier (4 hidden, `seed` + 1) built for tinyLabelSet's 5 features and 3 classes. */
export function tinyTransferModel(dropout: number, seed = 5): TransferModel {
  const encoder = new BiLstmEncoder({ ...encDefaults, units: 3, dropout }, seed);
  const classifier = new MlpClassifier({ ...mlpDefaults, hidden: 4 }, seed + 1);
  encoder.build(5);
  classifier.build(encoder.outputDim, { numClasses: 3 });
  return { encoder, classifier };
}

/** Classifier training for those: `o` over 3 epochs of batches of 4, Adadelta (lr 1), clipNorm 10, seed 2, no early stop. */
export function tinyTransferOptions(o: Partial<ClassifierTrainOptions> = {}): ClassifierTrainOptions {
  return {
    epochs: 3,
    batchSize: 4,
    clipNorm: 10,
    learningRate: 1,
    rho: 0.95,
    epsilon: 1e-6,
    patience: 0,
    seed: 2,
    freezeEncoder: false,
    ...o,
  };
}
