import { pipelineMode, type ExperimentConfig } from '../../../core/config/types.js';
import type { OptionsSchema } from '../../../core/plugin/manifest.js';

/** The `transfer` config section (Sec. 5 of the paper: action recognition on the captioning encoder). */
export interface TransferOptions {
  /** Source captioning run: a run folder (relative to the config file) or a preset name. Absent: random init (LSTM-R). */
  from?: string;
  /** Train only the classifier (LSTM-B / LSTM-I); false trains everything (LSTM-R). */
  freezeEncoder: boolean;
  epochs: number;
  batchSize: number;
  learningRate: number;
  rho: number;
  epsilon: number;
  clipNorm: number;
  /** Early stopping on validation accuracy (only when the data set has a val split; 0 = never). */
  patience: number;
}

export const transferDefaults: TransferOptions = {
  freezeEncoder: true,
  epochs: 30,
  batchSize: 32,
  learningRate: 1,
  rho: 0.95,
  epsilon: 1e-6,
  clipNorm: 10,
  patience: 0,
};

export const transferSchema: OptionsSchema<TransferOptions> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: {
      type: 'string',
      minLength: 1,
      nullable: true,
      description:
        'Source captioning run: a run folder (relative to this config file) or a preset name (its run folder). Omit for random init (LSTM-R).',
    },
    freezeEncoder: {
      type: 'boolean',
      description: 'true: only the classifier is trained (LSTM-B/LSTM-I); false: encoder and classifier (LSTM-R).',
    },
    epochs: { type: 'integer', minimum: 0 },
    batchSize: { type: 'integer', minimum: 1 },
    learningRate: { type: 'number', exclusiveMinimum: 0, description: 'Adadelta learning rate.' },
    rho: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    epsilon: { type: 'number', exclusiveMinimum: 0 },
    clipNorm: { type: 'number', minimum: 0, description: 'Global-norm gradient clipping (0 = off).' },
    patience: { type: 'integer', minimum: 0, description: 'Early stopping on validation accuracy (needs a val split; 0 = never).' },
  },
  // Validation merges transferDefaults first, so a config still gives any subset of these.
  required: ['freezeEncoder', 'epochs', 'batchSize', 'learningRate', 'rho', 'epsilon', 'clipNorm', 'patience'],
};

/** Whether the config asks for transfer: its `mode` (validation states it; see pipelineMode). */
export const hasTransfer = (config: Pick<ExperimentConfig, 'mode'> & { transfer?: unknown }): boolean =>
  pipelineMode(config) === 'transfer';
