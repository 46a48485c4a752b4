import { BiLstmEncoder } from '../../../plugins/encoders/bilstm/bilstm.js';
import { defaults as encDefaults } from '../../../plugins/encoders/bilstm/schema.js';
import { AttentionLstmDecoder } from '../../../plugins/decoders/attention-lstm/decoder.js';
import { defaults as decDefaults } from '../../../plugins/decoders/attention-lstm/schema.js';
import { L2InterpretiveLoss } from '../../../plugins/interpretive-losses/l2/l2.js';
import { defaults as l2Defaults } from '../../../plugins/interpretive-losses/l2/schema.js';
import { Rng } from '../../../core/tensor/rng.js';
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
