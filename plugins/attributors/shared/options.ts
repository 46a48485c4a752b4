import type { JsonSchema } from '../../../core/plugin/manifest.js';
import type { ProbeOptions } from './fit-probe.js';

/** Options every built-in attributor takes. */
export interface CommonOptions {
  /**
   * `auto`: attribute through the model's f, or fit a probe f when the model has none (LSTM-B);
   * `always`: fit a probe f even when the model has one (to compare LSTM-I and LSTM-B on equal
   * footing); `never`: fail when the model has no f.
   */
  probe: 'auto' | 'always' | 'never';
  /** How the probe f is fitted (defaults: f's own shape when the model has one, else 256 relu → sigmoid). */
  probeFit: Partial<ProbeOptions>;
  /** Upper bound on float32 elements of the largest intermediate tensor (chunks videos to fit). */
  maxChunkElements: number;
}

export const COMMON_DEFAULTS: CommonOptions = { probe: 'auto', probeFit: {}, maxChunkElements: 16_000_000 };

export const commonSchemaProperties: Record<string, JsonSchema> = {
  probe: { enum: ['auto', 'always', 'never'], description: 'Fit a two-layer probe f on the frozen features: when the model has none (auto), always, or never.' },
  probeFit: {
    type: 'object',
    additionalProperties: false,
    properties: {
      hidden: { type: 'integer', minimum: 1 },
      activation: { enum: ['relu', 'tanh', 'sigmoid'] },
      output: { enum: ['linear', 'sigmoid'] },
      steps: { type: 'integer', minimum: 0 },
      learningRate: { type: 'number', exclusiveMinimum: 0 },
      seed: { type: 'integer' },
    },
  },
  maxChunkElements: { type: 'integer', minimum: 1000, description: 'Memory bound: float32 elements of the largest intermediate tensor.' },
};

export const commonRequired = ['probe', 'probeFit', 'maxChunkElements'];

/** Option of the ablation-based attributors (pdm, ablation). */
export const algorithmSchemaProperty: JsonSchema = {
  enum: ['auto', 'dense'],
  description: 'auto: exact relu-split closed form when f has a relu hidden layer, dense rank-1 update otherwise; dense: always the dense update.',
};
