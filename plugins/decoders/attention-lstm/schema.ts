import type { OptionsSchema } from '../../../core/plugin/manifest.js';

export interface AttentionLstmOptions {
  /** LSTM hidden size H. */
  units: number;
  /** Attention size A (rows of U_a and T_a). */
  attentionUnits: number;
  /** Word embedding size E. */
  embeddingSize: number;
  /** Hidden layer of the f_init MLPs of Eq. 5; 0 = one affine layer + tanh (Xu et al. 2015). */
  initHidden: number;
  /** Dropout on [h_t, φ_t, E y_{t−1}] before the output layer W_p, while training. */
  dropout: number;
  /**
   * Task-loss normalisation. `caption` (default, the paper's objective after Eq. 8): the
   * per-caption sum of token NLLs (Eq. 7) averaged over the captions of the batch. `token`:
   * the NLL averaged over all real tokens of the batch.
   */
  normalization: 'caption' | 'token';
  /** Beam width for decode (1 = greedy). */
  beam: number;
  /** Most tokens generated, `<eos>` included. */
  maxLength: number;
  /** Final ranking of beam hypotheses by logP / length^lengthPenalty (0 = plain log-probability). */
  lengthPenalty: number;
  forgetBias: number;
}

export const defaults: AttentionLstmOptions = {
  units: 512,
  attentionUnits: 256,
  embeddingSize: 256,
  initHidden: 0,
  dropout: 0.5,
  normalization: 'caption',
  beam: 5,
  maxLength: 20,
  lengthPenalty: 0,
  forgetBias: 1,
};

export const optionsSchema: OptionsSchema<AttentionLstmOptions> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    units: { type: 'integer', minimum: 1, description: 'LSTM hidden size.' },
    attentionUnits: { type: 'integer', minimum: 1, description: 'Attention size (U_a, T_a rows).' },
    embeddingSize: { type: 'integer', minimum: 1, description: 'Word embedding size.' },
    initHidden: { type: 'integer', minimum: 0, description: 'Hidden size of the c_0/h_0 MLPs (0 = single layer).' },
    dropout: { type: 'number', minimum: 0, maximum: 0.95, description: 'Dropout before the output layer while training.' },
    normalization: {
      type: 'string',
      enum: ['caption', 'token'],
      description: 'caption: sum of token NLLs per caption, mean over captions (the paper). token: mean over tokens.',
    },
    beam: { type: 'integer', minimum: 1, description: 'Beam width (1 = greedy).' },
    maxLength: { type: 'integer', minimum: 1, description: 'Most generated tokens, <eos> included.' },
    lengthPenalty: { type: 'number', minimum: 0, description: 'Rank finished beams by logP / length^lengthPenalty.' },
    forgetBias: { type: 'number', description: 'Initial forget-gate bias.' },
  },
  required: [
    'units',
    'attentionUnits',
    'embeddingSize',
    'initHidden',
    'dropout',
    'normalization',
    'beam',
    'maxLength',
    'lengthPenalty',
    'forgetBias',
  ],
};
