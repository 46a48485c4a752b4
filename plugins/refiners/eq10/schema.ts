import type { OptionsSchema } from '../../../core/plugin/manifest.js';

export type Eq10Optimizer = 'adam' | 'sgd' | 'adadelta';

export interface Eq10Options {
  /** μ of Eq. 10: weight of ‖θ' − θ‖² (keeps the refined encoder near the original). */
  mu: number;
  /** Gradient steps of correction propagation. */
  steps: number;
  /** Step size of the optimizer (Adadelta: its multiplier, 1 as published). */
  learningRate: number;
  optimizer: Eq10Optimizer;
  /**
   * κ of the activation enhancement δ_j = κ · (mean activation of neuron j over the training
   * videos with the topic); κ = 1 is the paper's literal δ.
   */
  gain: number;
  /**
   * Anchor videos (0 = Eq. 10 as published): training videos without the topic whose encodings
   * the correction keeps, adding ν · mean_a ‖v'(a) − v(a)‖² to the objective. Eq. 10 alone has
   * nothing that tells "raise topic t on this video" from "raise it on every video".
   */
  anchorVideos: number;
  /**
   * With anchorVideos > 0: also this many training videos that have the topic. Their encodings
   * already carry it; holding them keeps the correction from raising the topic further on every
   * video that shows it.
   */
  anchorVideosWithTopic: number;
  /**
   * Training anchors per step (0 = all of them in every step): each step holds a fresh seeded
   * sample of this many, so a large anchor set covers the training videos at the cost of a small one.
   */
  anchorBatch: number;
  /** ν, the weight of the anchor term. */
  anchorWeight: number;
  anchorSelection: 'nearest' | 'random';
  /** Anchor the clips refined earlier in the chain too (at what the current model gives them), so a later correction keeps them. */
  anchorEarlier: boolean;
  /**
   * What correction propagation changes: `encoder`, every encoder variable (Eq. 10); `topic-units`,
   * only the parameters that produce the topic's neurons (the encoder's parametersOf), so other
   * neurons change only through them.
   */
  tune: 'encoder' | 'topic-units';
}

export const eq10Defaults: Eq10Options = {
  mu: 0.01,
  steps: 20,
  learningRate: 0.0001,
  optimizer: 'adam',
  gain: 3,
  anchorVideos: 0,
  anchorVideosWithTopic: 0,
  anchorBatch: 0,
  anchorWeight: 1,
  anchorSelection: 'nearest',
  anchorEarlier: true,
  tune: 'encoder',
};

export const eq10Schema: OptionsSchema<Eq10Options> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'refiner eq10 options',
  type: 'object',
  additionalProperties: false,
  properties: {
    mu: { type: 'number', minimum: 0, description: "μ of Eq. 10: weight of ‖θ' − θ‖², the pull back to the weights before refinement." },
    steps: { type: 'integer', minimum: 1, maximum: 100000, description: 'Gradient steps of correction propagation.' },
    learningRate: { type: 'number', exclusiveMinimum: 0, description: 'Optimizer step size.' },
    optimizer: {
      type: 'string',
      enum: ['adam', 'sgd', 'adadelta'],
      description: 'adam (tf.train.adam), sgd, or adadelta (Zeiler, core/tensor).',
    },
    gain: {
      type: 'number',
      exclusiveMinimum: 0,
      description:
        "κ of the activation enhancement: δ_j = κ · mean activation of neuron j over the training videos with the topic (1 = the paper's δ).",
    },
    anchorVideos: {
      type: 'integer',
      minimum: 0,
      maximum: 4096,
      description: 'Training videos without the topic whose encodings the correction keeps (0 = Eq. 10 as published).',
    },
    anchorVideosWithTopic: {
      type: 'integer',
      minimum: 0,
      maximum: 4096,
      description: 'With anchorVideos > 0: also this many training videos that have the topic, whose encodings the correction keeps too.',
    },
    anchorBatch: {
      type: 'integer',
      minimum: 0,
      maximum: 4096,
      description: 'Training anchors held in each step, a fresh seeded sample (0 = every anchor in every step).',
    },
    anchorWeight: { type: 'number', minimum: 0, description: 'ν: weight of the anchor term ν · mean_a ‖v′(a) − v(a)‖².' },
    anchorSelection: {
      type: 'string',
      enum: ['nearest', 'random'],
      description: 'nearest: the anchor videos closest to the clip in mean frame features; random: a seeded sample.',
    },
    anchorEarlier: {
      type: 'boolean',
      description: 'With anchorVideos > 0: also keep the encodings of the clips refined earlier in the chain.',
    },
    tune: {
      type: 'string',
      enum: ['encoder', 'topic-units'],
      description: "encoder: fine-tune every encoder variable (Eq. 10); topic-units: only the parameters that produce the topic's neurons.",
    },
  },
  required: [
    'mu',
    'steps',
    'learningRate',
    'optimizer',
    'gain',
    'anchorVideos',
    'anchorVideosWithTopic',
    'anchorBatch',
    'anchorWeight',
    'anchorSelection',
    'anchorEarlier',
    'tune',
  ],
};
