import type { ExperimentConfig } from '../../../core/config/types.js';
import type { JsonSchema } from '../../../core/plugin/manifest.js';

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

export const transferSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'string', minLength: 1, description: 'Source captioning run: a run folder (relative to this config file) or a preset name (its run folder). Omit for random init (LSTM-R).' },
    freezeEncoder: { type: 'boolean', description: 'true: only the classifier is trained (LSTM-B/LSTM-I); false: encoder and classifier (LSTM-R).' },
    epochs: { type: 'integer', minimum: 0 },
    batchSize: { type: 'integer', minimum: 1 },
    learningRate: { type: 'number', exclusiveMinimum: 0, description: 'Adadelta learning rate.' },
    rho: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    epsilon: { type: 'number', exclusiveMinimum: 0 },
    clipNorm: { type: 'number', minimum: 0, description: 'Global-norm gradient clipping (0 = off).' },
    patience: { type: 'integer', minimum: 0, description: 'Early stopping on validation accuracy (needs a val split; 0 = never).' },
  },
};

/**
 * Whether the config asks for transfer. Config validation fills every stage section (an empty
 * object when the user gave none), so "has a transfer key" means a non-empty `transfer` object.
 */
export function hasTransfer(config: Pick<ExperimentConfig, 'transfer'> | Record<string, unknown>): boolean {
  const t = (config as Record<string, unknown>).transfer;
  return typeof t === 'object' && t !== null && Object.keys(t).length > 0;
}

export const transferOptionsOf = (config: Record<string, unknown>): TransferOptions => ({
  ...transferDefaults,
  ...((config.transfer as Partial<TransferOptions> | undefined) ?? {}),
});
