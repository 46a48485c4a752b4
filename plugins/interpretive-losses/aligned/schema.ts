import type { OptionsSchema } from '../../../core/plugin/manifest.js';

export interface AlignedLossOptions {
  /** λ of Eq. 2. */
  lambda: number;
  /** m: how many fixed neurons each topic is read from (their mean). */
  neuronsPerTopic: number;
  /**
   * `each`: every one of topic i's neurons is held to s_i (L_I = Σ_i mean_{j∈J(i)} (scale·v̄_j − s_i)²),
   * so each neuron alone reads as the topic; `mean`: only their mean is (L_I = Σ_i (f_i − s_i)²),
   * which lets the m neurons trade off against each other. f_i is their mean either way.
   */
  align: 'each' | 'mean';
  /** f_i(v̄) = scale · mean of topic i's neurons; s_i = 1 is then read at v̄ = 1/scale. */
  scale: number;
  /**
   * `mean`: the error of f(v̄), as Eq. 8; `frames`: the mean over frames of the error of f(v_i).
   * f is linear, so `frames` = `mean` + the variance over frames of the topic neurons: it also
   * keeps each frame's topic neurons at s, not only their average.
   */
  on: 'mean' | 'frames';
  /** Dropout on v̄ (the input of f) while training. */
  dropout: number;
  /**
   * Concept interventions while training: each (video, topic) pair of a batch, with this
   * probability, has the topic's neurons set to s_i/scale on every frame of what the decoder
   * reads, so the decoder learns to follow the topic neurons (intervention training of concept
   * bottleneck models). 0 = off.
   */
  intervention: number;
  /**
   * What an intervention sets the neurons to: `video`, s_i/scale (the video's topic vector, what
   * L_I holds them to); `caption`, 1/scale when the caption of the training pair carries topic i
   * (one of its carry words is among the caption's tokens) and 0 when it does not — so the
   * decoder learns to say a topic when its neurons are on, and to leave it out when they are
   * off, even where annotators name the topic only sometimes.
   */
  interventionTarget: 'video' | 'caption';
}

export const defaults: AlignedLossOptions = {
  lambda: 1,
  neuronsPerTopic: 1,
  align: 'each',
  scale: 1,
  on: 'mean',
  dropout: 0,
  intervention: 0,
  interventionTarget: 'video',
};

export const optionsSchema: OptionsSchema<AlignedLossOptions> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    lambda: { type: 'number', minimum: 0, description: 'Weight λ of the interpretive loss (Eq. 2).' },
    neuronsPerTopic: {
      type: 'integer',
      minimum: 1,
      maximum: 64,
      description: 'Fixed neurons per topic (topic i reads neurons i + r·⌊D/m⌋, r < m); needs D ≥ m·K.',
    },
    align: {
      type: 'string',
      enum: ['each', 'mean'],
      description: 'each: every neuron of a topic is held to s_i; mean: only their mean is.',
    },
    scale: { type: 'number', exclusiveMinimum: 0, description: "f_i(v̄) = scale · mean of topic i's neurons." },
    on: {
      type: 'string',
      enum: ['mean', 'frames'],
      description: "mean: error of f(v̄) (Eq. 8); frames: mean error of f(v_i) over frames (also keeps every frame's topic neurons at s).",
    },
    dropout: { type: 'number', minimum: 0, maximum: 0.95, description: 'Dropout on the encoding f reads while training.' },
    intervention: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      description:
        "Probability per (video, topic) of setting the topic's neurons to s_i/scale in what the decoder reads while training (0 = off).",
    },
    interventionTarget: {
      type: 'string',
      enum: ['video', 'caption'],
      description:
        "video: interventions set a topic's neurons to s_i/scale; caption: to 1/scale when the training caption carries the topic (one of its carry words), else 0.",
    },
  },
  required: ['lambda', 'neuronsPerTopic', 'align', 'scale', 'on', 'dropout', 'intervention', 'interventionTarget'],
};
