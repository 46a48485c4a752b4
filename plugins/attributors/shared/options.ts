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

// `as const` keeps the literal `type`s and `nullable`s that ajv's JSONSchemaType checks when these
// pieces are spread into each attributor's OptionsSchema.
export const commonSchemaProperties = {
  probe: {
    type: 'string',
    enum: ['auto', 'always', 'never'],
    description: 'Fit a two-layer probe f on the frozen features: when the model has none (auto), always, or never.',
  },
  probeFit: {
    type: 'object',
    additionalProperties: false,
    properties: {
      hidden: { type: 'integer', minimum: 1, nullable: true },
      activation: { type: 'string', enum: ['relu', 'tanh', 'sigmoid'], nullable: true },
      output: { type: 'string', enum: ['linear', 'sigmoid'], nullable: true },
      steps: { type: 'integer', minimum: 0, nullable: true },
      learningRate: { type: 'number', exclusiveMinimum: 0, nullable: true },
      seed: { type: 'integer', nullable: true },
    },
    required: [],
  },
  maxChunkElements: { type: 'integer', minimum: 1000, description: 'Memory bound: float32 elements of the largest intermediate tensor.' },
} as const;

export const commonRequired = ['probe', 'probeFit', 'maxChunkElements'] as const;

/** Option of the ablation-based attributors (pdm, ablation). */
export const algorithmSchemaProperty = {
  type: 'string',
  enum: ['auto', 'dense'],
  description:
    'auto: exact relu-split closed form when f has a relu hidden layer, dense rank-1 update otherwise; dense: always the dense update.',
} as const;
