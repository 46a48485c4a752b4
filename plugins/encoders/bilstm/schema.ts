import type { OptionsSchema } from '../../../core/plugin/manifest.js';

export interface BiLstmOptions {
  /** Hidden units per direction (v_i has 2·units, plus the input size with concatInput). */
  units: number;
  /** Append the raw frame features to each v_i, as the authors' released code does. */
  concatInput: boolean;
  /**
   * Feed each frame's difference from the previous one beside it, [x_i, x_i − x_{i−1}] (x_0 − x_0 = 0
   * for the first), as difference streams do in action recognition (TSN's RGB-difference, Wang et
   * al. 2016): motion is then one product away instead of a comparison the LSTM must learn.
   */
  frameDifferences: boolean;
  /**
   * How many frames back each difference reaches: [x_i, x_i − x_{i−lag}], the first `lag` frames
   * compared with frame 0. Slow motions (a circle over the clip, a shrinking object) barely move
   * the features between neighbouring frames; a few frames apart they do (issue 14).
   */
  frameDifferenceLag: number;
  /** Dropout rate on the input frame features while training. */
  dropout: number;
  /** Initial forget-gate bias. */
  forgetBias: number;
}

export const defaults: BiLstmOptions = {
  units: 256,
  concatInput: false,
  frameDifferences: false,
  frameDifferenceLag: 1,
  dropout: 0,
  forgetBias: 1,
};

export const optionsSchema: OptionsSchema<BiLstmOptions> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    units: { type: 'integer', minimum: 1, description: 'Hidden units per direction.' },
    concatInput: { type: 'boolean', description: 'Append the raw frame features to each encoding v_i.' },
    frameDifferences: {
      type: 'boolean',
      description:
        'Feed [x_i, x_i − x_{i−1}] to the LSTM (the input kernel has twice the feature size of rows): motion becomes one product away.',
    },
    frameDifferenceLag: {
      type: 'integer',
      minimum: 1,
      description: 'With frameDifferences: x_i − x_{i−lag} (frame 0 for the first lag frames); 1 = neighbouring frames.',
    },
    dropout: { type: 'number', minimum: 0, maximum: 0.95, description: 'Dropout rate on the input frames while training.' },
    forgetBias: { type: 'number', description: 'Initial forget-gate bias.' },
  },
  required: ['units', 'concatInput', 'frameDifferences', 'frameDifferenceLag', 'dropout', 'forgetBias'],
};
